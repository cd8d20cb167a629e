/**
 * The bench's element-type rows: every f16/bf16 variant (src/manifest/variants.ts) of a benched kernel, timed at
 * ELEMENT_SHAPES next to its fp32 base. A 16-bit row is half the bytes of an fp32 row, so a kernel that streams its
 * input should take about half the time at about the same GB/s; the table shows bytes moved per call and GB/s side by
 * side. Index-type variants read the same bytes as their base and are not benched.
 */
import { elementTypeOf, rowInputOf, type ElementType, type ManifestEntry } from '../../src/manifest/index.ts';
import type { BenchRow } from './table.ts';

/** Where the 16-bit variants are timed: the shape of the bench's main targets. */
export const ELEMENT_SHAPES: readonly { readonly batch: number; readonly vocab: number }[] = [{ batch: 64, vocab: 151_936 }];

/** The row input's element type of an entry. */
export const elementOf = (entry: ManifestEntry): ElementType => elementTypeOf(rowInputOf(entry)) ?? 'f32';

/** Bytes of one element of the row input. */
export const elementBytes = (entry: ManifestEntry): number => (elementOf(entry) === 'f32' ? 4 : 2);

/** A variant whose row input is 16-bit (an f16/bf16 variant), as opposed to a base or an index-type variant. */
export const isElementVariant = (entry: ManifestEntry): boolean => entry.variantOf !== undefined && elementOf(entry) !== 'f32';

/** Whether the bench times `entry` at this shape: bases everywhere, f16/bf16 variants at ELEMENT_SHAPES, index variants never. */
export function benchesAt(entry: ManifestEntry, batch: number, vocab: number): boolean {
  if (entry.variantOf === undefined) return true;
  return isElementVariant(entry) && ELEMENT_SHAPES.some((s) => s.batch === batch && s.vocab === vocab);
}

const us = (ms: number): string => (ms * 1000).toFixed(1);
const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

/** Bytes one call moved (read + written), from a timed row: GB/s × time. */
const bytesOf = (row: BenchRow): number | null => (row.timing === null || row.metrics === null ? null : row.metrics.gbPerS * row.timing.medianMs * 1e6);

/**
 * Each timed f16/bf16 variant next to its fp32 base at the same shape: times, the ratio of the times, bytes moved per
 * call and GB/s. Empty string when no variant was timed.
 */
export function formatElementTable(rows: readonly BenchRow[], entries: readonly ManifestEntry[]): string {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const lines = rows.flatMap((v) => {
    const entry = byName.get(v.kernel);
    if (entry === undefined || !isElementVariant(entry)) return [];
    const base = rows.find((r) => r.kernel === entry.variantOf && r.batch === v.batch && r.vocab === v.vocab);
    const vb = bytesOf(v);
    const bb = base === undefined ? null : bytesOf(base);
    if (base === undefined || base.timing === null || v.timing === null || vb === null || bb === null) {
      return [`| ${entry.variantOf} | ${elementOf(entry)} | ${v.batch} × ${v.vocab} | ${base?.timing ? us(base.timing.medianMs) : '—'} | ${v.timing ? us(v.timing.medianMs) : '—'} | — | — | — | — | — |`];
    }
    const ratio = (v.timing.medianMs / base.timing.medianMs).toFixed(2);
    return [`| ${entry.variantOf} | ${elementOf(entry)} | ${v.batch} × ${v.vocab} | ${us(base.timing.medianMs)} | ${us(v.timing.medianMs)} | ${ratio} | ${mb(bb)} | ${mb(vb)} | ${(base.metrics?.gbPerS ?? 0).toFixed(0)} | ${(v.metrics?.gbPerS ?? 0).toFixed(0)} |`];
  });
  if (lines.length === 0) return '';
  return [
    '| kernel | input | batch × vocab | f32 µs | µs | × f32 time | f32 MB moved | MB moved | f32 GB/s | GB/s |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...lines,
  ].join('\n');
}
