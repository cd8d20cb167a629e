import { assertMask, assertRow } from './arguments.ts';

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
