import { INVALID_ROW_TOKEN, type SampledToken } from '../types.ts';
import { assertMask, assertRow, assertUniform } from './arguments.ts';
import { FIXED_POINT_ONE } from './fixed-point.ts';

/** A sampled token with the draw's distance to flipping; see `sampleInverseCdf`. */
export type MarginSample = SampledToken & { readonly margin: number };

/**
 * The single sampling step of design.md, bit for bit.
 *
 * `q_i = floor(w_i · 2^32)`, `M = Σ_{eligible} q_i` (exact), `target = u · M` (one float64 multiply); the token is
 * the smallest eligible i whose inclusive eligible prefix `C_i` satisfies `C_i ≥ target`. `eligible = null` means
 * every token is eligible (only `q_i > 0` can be drawn, since target > 0).
 *
 * `margin` = min(target − C_prev, C_i − target) / M, where C_prev is the eligible prefix before i: how far u is
 * from a neighbour's interval (in units of u). A GPU replay disagreeing only where margin ≈ 0 points at the
 * uniform, not the filter. Invalid row (an entry outside [0, 1] or NaN) or M = 0 → `{token: 0, valid: false,
 * margin: Infinity}` (an invalid row cannot flip).
 *
 * `w` is a probability row (entries in [0, 1], need not sum to 1); `u ∈ (0, 1]` (an fp32 uniform in practice).
 */
export function sampleInverseCdf(w: ArrayLike<number>, eligible: Uint8Array | null, u: number): MarginSample {
  assertRow(w, 'w');
  if (eligible !== null) assertMask(eligible, w.length, 'eligible');
  assertUniform(u);
  const invalid: MarginSample = { token: INVALID_ROW_TOKEN, valid: false, margin: Infinity };
  // Two passes without a temporary array: this runs once per row on 151,936-wide rows.
  let total = 0;
  for (let i = 0; i < w.length; i++) {
    const x = w[i] as number;
    if (!(x >= 0 && x <= 1)) return invalid;
    if (eligible === null || eligible[i] === 1) total += Math.floor(x * FIXED_POINT_ONE);
  }
  if (total === 0) return invalid;
  const target = u * total;
  let prefix = 0;
  for (let i = 0; i < w.length; i++) {
    if (eligible !== null && eligible[i] !== 1) continue;
    const before = prefix;
    prefix += Math.floor((w[i] as number) * FIXED_POINT_ONE);
    if (prefix >= target) {
      return { token: i, valid: true, margin: Math.min(target - before, prefix - target) / total };
    }
  }
  // Unreachable: the last eligible prefix is M ≥ u·M. Kept so a broken invariant is loud, not a wrong token.
  throw new Error(`sampleInverseCdf: no token reached target ${target} of total ${total}`);
}
