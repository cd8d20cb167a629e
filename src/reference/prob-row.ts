import { FIXED_POINT_ONE } from './fixed-point.ts';

/**
 * The fixed-point total `T = Σ floor(w_i·2^32)` of a probability row, or 0 when the row is invalid (an entry
 * outside [0, 1] or NaN, or T = 0): one pass, no allocation.
 */
export function probRowTotal(row: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < row.length; i++) {
    const w = row[i] as number;
    if (!(w >= 0 && w <= 1)) return 0;
    total += Math.floor(w * FIXED_POINT_ONE);
  }
  return total;
}
