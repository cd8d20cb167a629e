/**
 * How much of a family's battery an element-type variant runs (src/manifest/variants.ts: an entry that is its base
 * but for the element type of its row input or of its indices). The variant's code is its base's with one load
 * changed, and the base runs everything, so a variant runs what can tell a wrong load apart: every committed
 * fixture, saved regression and edge row with exact replay against the reference on the widened rows (all entries
 * run those blocks; a sampler variant with its family's first and last parameter case, the last being its per-row
 * arrays when the family has them), the indices block, one chi-square case (the widest filtered law of the family's scalar cases,
 * in the same Holm family as the base's cases), and the watchdog budget at two shapes: the most elements (64-bit
 * offsets, every row at once) and the largest vocab at the smallest batch (the most, smallest parts per row, which may
 * start off a 16-byte boundary, where a 16-bit part streams one unit per load). fast-check rows, determinism, stream
 * independence and the LLM-shaped chi-square rows stay the base's.
 */
import type { ManifestEntry } from '../../src/manifest/index.ts';

export const isVariant = (entry: ManifestEntry): boolean => entry.variantOf !== undefined;

/**
 * The parameter cases a sampling block launches an entry with: all of them for a base; a variant's first and last
 * (the families list their per-row case last, which covers the scalar values row by row).
 */
export function casesOfEntry<C>(entry: ManifestEntry, cases: readonly C[]): C[] {
  return isVariant(entry) && cases.length > 2 ? [cases[0] as C, cases[cases.length - 1] as C] : [...cases];
}

/** The entries that run every block: those that are no variant. */
export const fullBatteryEntries = (entries: readonly ManifestEntry[]): ManifestEntry[] => entries.filter((e) => !isVariant(e));

type Shape = readonly [batch: number, vocab: number];

/** The shapes a variant's watchdog test runs: the most elements, and the largest vocab at the smallest batch. */
export function variantShapes(shapes: readonly Shape[]): Shape[] {
  if (shapes.length === 0) throw new RangeError('variantShapes: no watchdog shapes to choose from');
  const most = shapes.reduce((a, b) => (b[0] * b[1] > a[0] * a[1] ? b : a));
  const minBatch = Math.min(...shapes.map((s) => s[0]));
  const split = shapes.filter((s) => s[0] === minBatch).reduce((a, b) => (b[1] > a[1] ? b : a));
  return most === split ? [most] : [most, split];
}

/** The entries a watchdog test at `shape` launches: every full-battery entry, and the variants at their shapes. */
export function entriesAtShape(entries: readonly ManifestEntry[], shape: Shape, shapes: readonly Shape[]): ManifestEntry[] {
  const forVariants = variantShapes(shapes).some((s) => s[0] === shape[0] && s[1] === shape[1]);
  return entries.filter((e) => !isVariant(e) || forVariants);
}

/**
 * A variant's one chi-square case among its scalar cases: the one whose filtered law has the most tokens while the
 * filter still cuts the row (the broadest test of the loads through a real filter); else the broadest; `support(c)`
 * is the number of tokens with positive probability. A base entry keeps all of its cases.
 */
export function chiSquareCasesOf<C>(entry: ManifestEntry, cases: readonly C[], support: (c: C) => number, vocab: number): C[] {
  if (!isVariant(entry) || cases.length <= 1) return [...cases];
  const sized = cases.map((c) => ({ c, n: support(c) }));
  const cutting = sized.filter((s) => s.n < vocab);
  const pool = cutting.length > 0 ? cutting : sized;
  const best = pool.reduce((a, b) => (b.n > a.n ? b : a));
  return [best.c];
}
