import type { TiePolicy } from '../types.ts';
import { assertRow, assertTopK } from './arguments.ts';
import { selectDescending } from './descending-select.ts';
import { assertTiePolicy } from './tie-policy.ts';
import { isValidProbRow } from './validity.ts';

/**
 * Top-k eligibility over a probability row (1 = eligible), comparing the fp32 weights as given.
 *
 * - `exact`: the first k tokens in the order "weight descending, index ascending" — exactly k tokens.
 * - `ties-kept`: every token whose weight is ≥ the k-th largest weight — k or more tokens.
 *
 * `k` is an integer in [1, 2^31 − 1]; `k ≥ vocab` is a no-op (all ones). `k = 1` with `exact` is the argmax (lowest
 * index among maxima). An invalid probability row gives an all-zero mask (nothing can be sampled from it).
 */
export function topKMask(row: ArrayLike<number>, k: number, policy: TiePolicy): Uint8Array {
  assertRow(row);
  assertTopK(k);
  assertTiePolicy(policy);
  const mask = new Uint8Array(row.length);
  if (!isValidProbRow(row)) return mask;
  return fillTopK(row, k, policy, null, mask);
}

/** Top-k among `candidate` tokens only (all when null), written into `mask`. Inputs already validated. */
export function fillTopK(
  row: ArrayLike<number>,
  k: number,
  policy: TiePolicy,
  candidate: Uint8Array | null,
  mask: Uint8Array,
): Uint8Array {
  const boundary = k >= row.length ? null : selectDescending(row, 'count', k, candidate);
  for (let i = 0; i < row.length; i++) {
    if (candidate !== null && candidate[i] === 0) continue;
    const w = row[i] as number;
    mask[i] =
      boundary === null ||
      w > boundary.value ||
      (w === boundary.value && (policy === 'ties-kept' || i <= boundary.lastIndex))
        ? 1
        : 0;
  }
  return mask;
}
