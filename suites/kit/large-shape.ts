/**
 * One shape of more than 2^31 elements, for every kernel of the directory: 14,200 × 151,936 fp32 (8.6 GB), where
 * 32-bit offset arithmetic breaks — a signed byte offset at element 2^29, an unsigned one at 2^30, a signed element
 * index at 2^31. The input is a block of distinct seeded rows replicated on the device (device-rows.ts), so no
 * gigabytes cross the worker's pipe; every row's flag (and token) is checked, and the rows on both sides of each
 * limit are checked in full against the reference (for a transform: downloaded one row at a time).
 */
import type { GpuRunner } from '../../harness/runner.ts';
import type { LaunchShape, ManifestEntry } from '../../src/manifest/index.ts';
import { referenceSample, referenceSampleFromLogits, type MarginSample } from '../../src/reference/index.ts';
import { PhiloxEngine } from '../../src/rng/index.ts';
import type { RowBatch } from '../../src/types.ts';
import type { DeviceRows } from './device-rows.ts';
import { filterSpecOf, type FilterParams } from './filter-of.ts';
import { inputKindOf, type InputKind } from './sampling-inputs.ts';
import { isTransformOp } from './transform-contracts.ts';

/** 2,157,491,200 elements (2^31 = 2,147,483,648). */
export const LARGE_SHAPE: LaunchShape = { batch: 14_200, vocab: 151_936 };
/** Element offsets where 32-bit arithmetic overflows: byte offsets (signed, unsigned) and the signed element index. */
export const OFFSET_LIMITS = [2 ** 29, 2 ** 30, 2 ** 31] as const;
/** Device memory kept free besides the call's buffers (the runtime, the module, other test files' buffers). */
export const MEMORY_HEADROOM_BYTES = 2 * 2 ** 30;

/** Row 0, the last row, and for each limit the row holding that element with its neighbours, in order. */
export function boundaryRows(shape: LaunchShape = LARGE_SHAPE): number[] {
  const rows = new Set([0, shape.batch - 1]);
  for (const limit of OFFSET_LIMITS) {
    const r = Math.floor(limit / shape.vocab);
    for (const x of [r - 1, r, r + 1]) if (x >= 0 && x < shape.batch) rows.add(x);
  }
  return [...rows].sort((a, b) => a - b);
}

export const isSampler = (e: ManifestEntry): boolean => !isTransformOp(e.reference.op);

/** The input plus the most any one call adds (as the binding plans it: outputs, workspace, intermediates). */
export function deviceBytesNeeded(callBytes: readonly number[], shape: LaunchShape = LARGE_SHAPE): number {
  return 4 * shape.batch * shape.vocab + Math.max(0, ...callBytes);
}

const gib = (bytes: number): string => (bytes / 2 ** 30).toFixed(1);

/** The skip note when the device lacks the memory, else null. */
export function memoryShortfall(neededBytes: number, freeBytes: number, totalBytes: number): string | null {
  if (freeBytes >= neededBytes + MEMORY_HEADROOM_BYTES) return null;
  return `not enough device memory for ${LARGE_SHAPE.batch} × ${LARGE_SHAPE.vocab} fp32: needs ${gib(neededBytes + MEMORY_HEADROOM_BYTES)} GiB free (buffers + ${gib(MEMORY_HEADROOM_BYTES)} GiB headroom), ${gib(freeBytes)} of ${gib(totalBytes)} GiB free`;
}

/** Serving-like scalar parameters for one launch: a real filter, temperature 0.7 where the entry takes one. */
export function typicalParams(entry: ManifestEntry): FilterParams {
  const temperature = entry.params.some((p) => p.name === 'temperature') ? { temperature: Math.fround(0.7) } : {};
  const k = 50;
  const p = Math.fround(0.9);
  switch (entry.reference.filter ?? 'none') {
    case 'none':
      return temperature;
    case 'top-k':
      return { ...temperature, k };
    case 'top-p':
      return { ...temperature, p };
    case 'min-p':
      return { ...temperature, minP: Math.fround(0.1) };
    case 'top-k-top-p':
      return { ...temperature, k, p };
  }
}

/** The block rows that rows `rows` of the replicated input hold, as one batch. */
export function rowsAt(input: Pick<DeviceRows, 'block' | 'blockRow'>, rows: readonly number[]): RowBatch<Float32Array> {
  const { vocab, data } = input.block;
  const out = new Float32Array(rows.length * vocab);
  rows.forEach((r, j) => {
    const b = input.blockRow(r);
    out.set(data.subarray(b * vocab, (b + 1) * vocab), j * vocab);
  });
  return { data: out, batch: rows.length, vocab };
}

/** The reference draws of rows `rows` (their own Philox subsequences, as in the launch) for a sampling entry. */
export function referenceAtRows(entry: ManifestEntry, chosen: RowBatch<Float32Array>, rows: readonly number[], params: FilterParams, seed: bigint, offset: bigint): MarginSample[] {
  const u = rows.map((r) => new PhiloxEngine(seed, BigInt(r), offset).nextUniform());
  const spec = filterSpecOf(entry, params);
  return inputKindOf(entry) === 'logits' ? referenceSampleFromLogits(chosen, spec, u, params.temperature) : referenceSample(chosen, spec, u);
}

/** Rows `rows` of a batch × vocab fp32 device buffer, downloaded through one small staging buffer. */
export async function downloadRows(runner: Pick<GpuRunner, 'alloc' | 'copy' | 'download' | 'free'>, buffer: Parameters<GpuRunner['copy']>[2], vocab: number, rows: readonly number[]): Promise<Float32Array> {
  const out = new Float32Array(rows.length * vocab);
  const staging = await runner.alloc(vocab * 4);
  try {
    for (const [j, r] of rows.entries()) {
      await runner.copy(staging, 0, buffer, r * vocab * 4, vocab * 4);
      out.set(await runner.download(staging, Float32Array, vocab), j * vocab);
    }
  } finally {
    await runner.free(staging).catch(() => undefined); // a dead worker already lost it
  }
  return out;
}

/**
 * The entries this suite runs: every one but a chain speculative sampler, which reads draft and target row sets
 * rather than one row per call row (its shape past 2^31 elements is its own suite's, suites/speculative), and but an
 * element-type variant, whose row offsets are its base's code (suites/kit/variants.ts) and whose fp32 input this
 * suite does not build.
 */
export const largeShapeEntries = (entries: readonly ManifestEntry[]): ManifestEntry[] => entries.filter((e) => e.reference.op !== 'chain-speculative' && e.variantOf === undefined);

/** The entries reading `kind` rows. */
export const entriesReading = (entries: readonly ManifestEntry[], kind: InputKind): ManifestEntry[] => largeShapeEntries(entries).filter((e) => inputKindOf(e) === kind);
