/**
 * 32-bit fixed-point masses (design.md, "Sampling step").
 *
 * `q = floor(w · 2^32)`. Scaling by a power of two is exact in float64, so for any w ∈ [0, 1] the product is exact
 * and q is an integer in [0, 2^32]. Sums of q are exact integers in float64 while they stay below 2^53 (vocab <
 * 2^21), hence identical in every summation order — that is what lets a GPU kernel be replayed bit for bit.
 */

/** 2^32: one unit of probability in fixed point. */
export const FIXED_POINT_ONE = 4294967296;

/** The fixed-point mass of one weight. Throws RangeError unless w ∈ [0, 1]. */
export function quantizeWeight(w: number): number {
  if (typeof w !== 'number' || !(w >= 0 && w <= 1)) {
    throw new RangeError(`w must be in [0, 1], got ${String(w)}`);
  }
  return Math.floor(w * FIXED_POINT_ONE);
}

/**
 * Fixed-point masses of a whole row, or null when some entry is outside [0, 1] or NaN (an invalid probability row).
 * The caller decides what a zero total means.
 */
export function quantizeRow(row: ArrayLike<number>): Float64Array | null {
  const n = row.length;
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = row[i] as number;
    if (!(w >= 0 && w <= 1)) return null;
    q[i] = Math.floor(w * FIXED_POINT_ONE);
  }
  return q;
}

/** Exact sum of fixed-point masses (an integer < 2^53 for vocab < 2^21). */
export function fixedPointTotal(q: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < q.length; i++) total += q[i] as number;
  return total;
}
