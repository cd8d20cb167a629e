import { assertMask, assertRow } from './arguments.ts';
import { eligibleMask, type FilterSpec } from './filter-spec.ts';
import { FIXED_POINT_ONE, quantizeRow } from './fixed-point.ts';

/**
 * Masked renormalization in float64: `out_i = mask_i · w_i / Σ_j mask_j · w_j`; all zeros when that sum is 0 or
 * not finite (an invalid or fully masked row). Uses the weights themselves, not their fixed-point masses: this is
 * the probability vector a renormalizing kernel writes, compared with a tolerance.
 */
export function renormalize(row: ArrayLike<number>, mask: Uint8Array): Float64Array {
  assertRow(row);
  assertMask(mask, row.length);
  const out = new Float64Array(row.length);
  let sum = 0;
  for (let i = 0; i < row.length; i++) if (mask[i] === 1) sum += row[i] as number;
  if (!(sum > 0 && Number.isFinite(sum))) return out;
  for (let i = 0; i < row.length; i++) if (mask[i] === 1) out[i] = (row[i] as number) / sum;
  return out;
}

/** Logit masking: eligible entries are copied (rounded to fp32), the others become −inf. */
export function maskLogits(row: ArrayLike<number>, mask: Uint8Array): Float32Array {
  assertRow(row);
  assertMask(mask, row.length);
  const out = new Float32Array(row.length);
  for (let i = 0; i < row.length; i++) out[i] = mask[i] === 1 ? (row[i] as number) : -Infinity;
  return out;
}

/**
 * What a renormalizing kernel writes for one row (docs/design.md, sampling step): `fp32(w_i·2^32 / M)` on the
 * eligible set of `spec`, where M is the exact fixed-point mass of that set, and 0 elsewhere. All zeros for an
 * invalid probability row (an entry outside [0, 1], NaN) or when M is 0. M is the mass the sampling step draws
 * against, so a renorm kernel and a sampler with the same filter agree on the eligible set and its total.
 */
export function renormProbs(row: ArrayLike<number>, spec: FilterSpec, rowIndex = 0): Float32Array {
  assertRow(row);
  return renormProbsOn(row, eligibleMask(row, spec, rowIndex));
}

/** renormProbs on a given eligible set (a kernel whose tie policy lets it choose among several sets). */
export function renormProbsOn(row: ArrayLike<number>, mask: Uint8Array): Float32Array {
  assertRow(row);
  assertMask(mask, row.length);
  const out = new Float32Array(row.length);
  const q = quantizeRow(row);
  if (q === null) return out;
  let m = 0;
  for (let i = 0; i < row.length; i++) if (mask[i] === 1) m += q[i] as number;
  if (m === 0) return out;
  for (let i = 0; i < row.length; i++) if (mask[i] === 1) out[i] = ((row[i] as number) * FIXED_POINT_ONE) / m;
  return out;
}
