/**
 * Row validity (design.md, "Numbers"). An invalid row samples to INVALID_ROW_TOKEN with valid = 0 and its
 * probability outputs are all 0.
 */
import { FIXED_POINT_ONE } from './fixed-point.ts';

/**
 * A probability row is valid iff every entry is finite and in [0, 1] and the row total `T = Σ floor(w·2^32)` is
 * > 0. Entries above 1 are invalid because the fixed-point sampling step needs w ∈ [0, 1]. The total is the
 * fixed-point one (the row total of the sampling step), so a row whose positive entries are all < 2^-32 is invalid:
 * no token could be sampled from it.
 */
export function isValidProbRow(row: ArrayLike<number>): boolean {
  const n = row.length;
  if (n < 1) return false;
  let anyMass = false;
  for (let i = 0; i < n; i++) {
    const w = row[i] as number;
    if (!(w >= 0 && w <= 1)) return false;
    if (w * FIXED_POINT_ONE >= 1) anyMass = true;
  }
  return anyMass;
}

/** A logit row is valid iff no entry is NaN or +inf and at least one entry is finite. */
export function isValidLogitRow(row: ArrayLike<number>): boolean {
  let anyFinite = false;
  for (let i = 0; i < row.length; i++) {
    const x = row[i] as number;
    if (Number.isNaN(x) || x === Infinity) return false;
    if (x !== -Infinity) anyFinite = true;
  }
  return anyFinite;
}
