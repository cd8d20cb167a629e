/**
 * What a sampler with `indices` is held to: output row i is the reference sample of input row indices[i], drawn
 * with subsequence = output row i (docs/design.md, "Indices"), so the expectation is the ordinary reference on the
 * gathered rows. Per-row parameters belong to output rows. An index outside [0, inputBatch) (possible only through
 * a device buffer: host indices are rejected by the binding) makes that output row invalid.
 */
import { paramOfRole, type ManifestEntry } from '../../src/manifest/index.ts';
import type { MarginSample } from '../../src/reference/index.ts';
import type { RowBatch } from '../../src/types.ts';
import { filterArgs, type FilterParams } from './filter-of.ts';
import type { KernelCall } from './kernel-call.ts';
import { referenceFor } from './sampling-run.ts';

/** Output row i = input row indices[i]; an out-of-range index gives a NaN row (invalid by the contract). */
export function gatherRows(rows: RowBatch<Float32Array>, indices: ArrayLike<number | bigint>): RowBatch<Float32Array> {
  const { vocab } = rows;
  const data = new Float32Array(indices.length * vocab);
  for (let i = 0; i < indices.length; i++) {
    const r = Number(indices[i] as number | bigint);
    if (Number.isInteger(r) && r >= 0 && r < rows.batch) data.set(rows.data.subarray(r * vocab, (r + 1) * vocab), i * vocab);
    else data.fill(Number.NaN, i * vocab, (i + 1) * vocab);
  }
  return { data, batch: indices.length, vocab };
}

/** The entry's indices parameter and its row input (shape inputBatch*vocab); a clear error for an entry without. */
export function indexedParams(entry: ManifestEntry): { indices: string; rows: string } {
  const indices = paramOfRole(entry, 'indices');
  const rows = entry.params.find((p) => p.role === 'in' && p.shape === 'inputBatch*vocab');
  if (indices === undefined || rows === undefined) throw new TypeError(`${entry.name}: declares no 'indices' parameter (and row input of shape inputBatch*vocab)`);
  return { indices: indices.name, rows: rows.name };
}

/** A call of `indices.length` output rows over `rows` (inputBatch = rows.batch). */
export function indexedCall(entry: ManifestEntry, rows: RowBatch<Float32Array>, indices: Int32Array | BigInt64Array, params: FilterParams, seed: bigint, offset: bigint): KernelCall {
  const names = indexedParams(entry);
  const { scalars, perRow } = filterArgs(entry, params);
  return {
    batch: indices.length,
    vocab: rows.vocab,
    inputBatch: rows.batch,
    buffers: { [names.rows]: rows.data, [names.indices]: indices, ...perRow },
    scalars: { ...scalars, seed, offset },
  };
}

/** The expectation: the reference on the gathered rows, output row i drawing from subsequence i. */
export function indexedReference(entry: ManifestEntry, rows: RowBatch<Float32Array>, indices: ArrayLike<number | bigint>, params: FilterParams, seed: bigint, offset: bigint): MarginSample[] {
  return referenceFor(entry, gatherRows(rows, indices), params, seed, offset);
}
