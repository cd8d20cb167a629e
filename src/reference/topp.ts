import type { TiePolicy } from '../types.ts';
import { assertRow, assertTopP } from './arguments.ts';
import { selectDescending } from './descending-select.ts';
import { probRowTotal } from './prob-row.ts';
import { FIXED_POINT_ONE } from './fixed-point.ts';
import { assertTiePolicy } from './tie-policy.ts';

/** Where a top-p nucleus ends. Masses are in fixed-point units (`q = floor(w·2^32)`, exact integers). */
export interface NucleusBoundary {
  /** The smallest weight inside the nucleus. */
  readonly value: number;
  /** The last token of the nucleus in the order "weight descending, index ascending". */
  readonly lastIndex: number;
  /** Σq over tokens with weight > `value`: below `target` by minimality. */
  readonly massAbove: number;
  /** Σq of the nucleus under the policy (ties-kept: every weight ≥ `value`; exact: the prefix to `lastIndex`). */
  readonly massAtBoundary: number;
  /** The mass to reach: `fl32(p) · total` (one float64 multiply). */
  readonly target: number;
  /** Σq over the candidate tokens (the row total T, or M_k inside a top-k set). */
  readonly total: number;
}

/**
 * Top-p (nucleus) eligibility over a probability row (1 = eligible).
 *
 * The nucleus is the minimal set of highest weights whose fixed-point mass reaches `fl32(p) · T`, `T = Σ q`
 * (design.md): `exact` takes the minimal prefix of the order "weight descending, index ascending"; `ties-kept`
 * also keeps every token equal to the smallest weight in it. `p ∈ (0, 1]`; `fl32(p) = 1` is a no-op (all ones);
 * a tiny p gives the argmax (exact: only the lowest index among maxima; ties-kept: all maxima).
 * An invalid probability row gives an all-zero mask.
 */
export function topPMask(row: ArrayLike<number>, p: number, policy: TiePolicy): Uint8Array {
  assertRow(row);
  assertTopP(p);
  assertTiePolicy(policy);
  const mask = new Uint8Array(row.length);
  if (probRowTotal(row) === 0) return mask;
  return fillTopP(row, p, policy, null, mask);
}

/**
 * The nucleus boundary of a probability row, for checks that need to know how close a token is to it; null for
 * an invalid row. Unlike `topPMask`, `p = 1` is not special-cased: the boundary is the smallest weight with q > 0.
 */
export function nucleusBoundary(
  row: ArrayLike<number>,
  p: number,
  policy: TiePolicy,
): NucleusBoundary | null {
  assertRow(row);
  assertTopP(p);
  assertTiePolicy(policy);
  if (probRowTotal(row) === 0) return null;
  return boundaryAmong(row, p, policy, null);
}

function boundaryAmong(
  row: ArrayLike<number>,
  p: number,
  policy: TiePolicy,
  candidate: Uint8Array | null,
): NucleusBoundary | null {
  let total = 0;
  for (let i = 0; i < row.length; i++) {
    if (candidate === null || candidate[i] === 1) total += Math.floor((row[i] as number) * FIXED_POINT_ONE);
  }
  if (total === 0) return null;
  const target = Math.fround(p) * total;
  // target ≤ total always (fl32(p) ≤ 1), so a boundary exists.
  const b = selectDescending(row, 'mass', target, candidate);
  if (b === null) return null;
  return {
    value: b.value,
    lastIndex: b.lastIndex,
    massAbove: b.weightAbove,
    massAtBoundary: policy === 'exact' ? b.weightExact : b.weightAtOrAbove,
    target,
    total,
  };
}

/**
 * Top-p among `candidate` tokens (all when null), written into `mask`; the target is `fl32(p)` times the
 * candidates' mass. Inputs already validated.
 */
export function fillTopP(
  row: ArrayLike<number>,
  p: number,
  policy: TiePolicy,
  candidate: Uint8Array | null,
  mask: Uint8Array,
): Uint8Array {
  const b = Math.fround(p) === 1 ? null : boundaryAmong(row, p, policy, candidate);
  for (let i = 0; i < row.length; i++) {
    if (candidate !== null && candidate[i] === 0) continue;
    const w = row[i] as number;
    mask[i] =
      b === null || w > b.value || (w === b.value && (policy === 'ties-kept' || i <= b.lastIndex)) ? 1 : 0;
  }
  return mask;
}
