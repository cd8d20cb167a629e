import type { FusedOrder, TiePolicy } from '../types.ts';

export const TIE_POLICIES: readonly TiePolicy[] = ['ties-kept', 'exact'];
export const FUSED_ORDERS: readonly FusedOrder[] = ['topk-first', 'joint'];

export function assertTiePolicy(policy: TiePolicy, name = 'policy'): void {
  if (!TIE_POLICIES.includes(policy)) {
    throw new RangeError(`${name} must be one of ${TIE_POLICIES.join(', ')}, got ${String(policy)}`);
  }
}

export function assertFusedOrder(order: FusedOrder, name = 'order'): void {
  if (!FUSED_ORDERS.includes(order)) {
    throw new RangeError(`${name} must be one of ${FUSED_ORDERS.join(', ')}, got ${String(order)}`);
  }
}
