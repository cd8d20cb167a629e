import { assertMinP, assertRow } from './arguments.ts';
import { isValidProbRow } from './validity.ts';

/** The min-p threshold `fl32(fl32(minP) · max)`: one fp32 multiply, as a kernel computes it. */
export function minPThreshold(row: ArrayLike<number>, minP: number): number {
  let max = 0;
  for (let i = 0; i < row.length; i++) if ((row[i] as number) > max) max = row[i] as number;
  // Both factors are fp32, so their float64 product is exact and one fround is the correctly rounded fp32 product.
  // For fp32 rows that product never exceeds max; the min() only keeps the maxima eligible when a caller passes
  // float64 weights that are not fp32 values.
  return Math.min(max, Math.fround(Math.fround(minP) * max));
}

/**
 * Min-p eligibility over a probability row (1 = eligible): `w_i ≥ fl32(fl32(minP) · max_j w_j)`.
 *
 * (For weights that are not fp32 values the threshold is capped at the max, so the maxima stay eligible.)
 * `minP ∈ [0, 1]`; `minP = 0` is a no-op (all ones, zero-weight tokens included — they are never sampled anyway);
 * `minP = 1` keeps exactly the maxima. Ties at the threshold are always kept (no tie policy applies). An invalid
 * probability row gives an all-zero mask.
 */
export function minPMask(row: ArrayLike<number>, minP: number): Uint8Array {
  assertRow(row);
  assertMinP(minP);
  const mask = new Uint8Array(row.length);
  if (!isValidProbRow(row)) return mask;
  const threshold = minPThreshold(row, minP);
  for (let i = 0; i < row.length; i++) mask[i] = (row[i] as number) >= threshold ? 1 : 0;
  return mask;
}
