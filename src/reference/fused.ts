import type { FusedOrder, TiePolicy } from '../types.ts';
import { assertRow, assertTopK, assertTopP } from './arguments.ts';
import { probRowTotal } from './prob-row.ts';
import { assertFusedOrder, assertTiePolicy } from './tie-policy.ts';
import { fillTopK } from './topk.ts';
import { fillTopP } from './topp.ts';

/**
 * Fused top-k + top-p eligibility over a probability row (1 = eligible); one tie policy governs both filters.
 *
 * - `topk-first` (vLLM): the top-k set S, then the minimal nucleus *inside S* whose mass reaches `fl32(p) · M_k`,
 *   `M_k = Σ_{i∈S} q_i` (renormalizing S and taking top-p of it is the same thing).
 * - `joint` (FlashInfer): in S **and** in the top-p nucleus of the full row.
 *
 * `joint ⊇ topk-first` always: both sets are prefixes of the descending order, and the nucleus inside S needs only
 * `p · M_k ≤ p · T`, so it ends no later than either S or the full-row nucleus. They coincide when `fl32(p) = 1` or
 * `k ≥ vocab`. An invalid probability row gives an all-zero mask.
 */
export function topKTopPMask(
  row: ArrayLike<number>,
  k: number,
  p: number,
  order: FusedOrder,
  policy: TiePolicy,
): Uint8Array {
  assertRow(row);
  assertTopK(k);
  assertTopP(p);
  assertFusedOrder(order);
  assertTiePolicy(policy);
  const mask = new Uint8Array(row.length);
  if (probRowTotal(row) === 0) return mask;
  const topK = fillTopK(row, k, policy, null, new Uint8Array(row.length));
  if (order === 'topk-first') return fillTopP(row, p, policy, topK, mask);
  fillTopP(row, p, policy, null, mask);
  for (let i = 0; i < mask.length; i++) mask[i] = (mask[i] as number) & (topK[i] as number);
  return mask;
}
