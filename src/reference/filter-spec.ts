import type { FusedOrder, PerRow, TiePolicy } from '../types.ts';
import { assertMinP, assertPerRow, assertRow, assertTopK, assertTopP, perRowValue } from './arguments.ts';
import { fixedPointTotal, quantizeRow } from './fixed-point.ts';
import { topKTopPMask } from './fused.ts';
import { minPMask } from './minp.ts';
import { assertFusedOrder, assertTiePolicy } from './tie-policy.ts';
import { topKMask } from './topk.ts';
import { topPMask } from './topp.ts';

/** Which filter decides eligibility; parameters are scalar or per row (one value per row of the batch). */
export type FilterSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'top-k'; readonly k: PerRow<number>; readonly policy: TiePolicy }
  | { readonly kind: 'top-p'; readonly p: PerRow<number>; readonly policy: TiePolicy }
  | { readonly kind: 'min-p'; readonly minP: PerRow<number> }
  | {
      readonly kind: 'top-k-top-p';
      readonly k: PerRow<number>;
      readonly p: PerRow<number>;
      readonly order: FusedOrder;
      readonly policy: TiePolicy;
    };

export type FilterKind = FilterSpec['kind'];

/** Validates every parameter of `spec` for a batch of `batch` rows (per-row arrays must have `batch` entries). */
export function assertFilterSpec(spec: FilterSpec, batch: number): void {
  if (spec === null || typeof spec !== 'object') throw new TypeError('spec must be a FilterSpec object');
  switch (spec.kind) {
    case 'none':
      return;
    case 'top-k':
      assertPerRow(spec.k, batch, 'spec.k', assertTopK);
      assertTiePolicy(spec.policy, 'spec.policy');
      return;
    case 'top-p':
      assertPerRow(spec.p, batch, 'spec.p', assertTopP);
      assertTiePolicy(spec.policy, 'spec.policy');
      return;
    case 'min-p':
      assertPerRow(spec.minP, batch, 'spec.minP', assertMinP);
      return;
    case 'top-k-top-p':
      assertPerRow(spec.k, batch, 'spec.k', assertTopK);
      assertPerRow(spec.p, batch, 'spec.p', assertTopP);
      assertFusedOrder(spec.order, 'spec.order');
      assertTiePolicy(spec.policy, 'spec.policy');
      return;
    default:
      throw new RangeError(
        `spec.kind must be one of none, top-k, top-p, min-p, top-k-top-p, got ${String((spec as { kind: unknown }).kind)}`,
      );
  }
}

/**
 * Eligibility of each token of one probability row under `spec` (1 = eligible), using the parameters of row
 * `rowIndex`. `none` keeps `w_i > 0` (design.md). An invalid probability row gives an all-zero mask.
 */
export function eligibleMask(row: ArrayLike<number>, spec: FilterSpec, rowIndex = 0): Uint8Array {
  assertRow(row);
  if (spec === null || typeof spec !== 'object') throw new TypeError('spec must be a FilterSpec object');
  switch (spec.kind) {
    case 'none': {
      const mask = new Uint8Array(row.length);
      const q = quantizeRow(row);
      if (q === null || fixedPointTotal(q) === 0) return mask;
      for (let i = 0; i < row.length; i++) mask[i] = (row[i] as number) > 0 ? 1 : 0;
      return mask;
    }
    case 'top-k':
      return topKMask(row, perRowValue(spec.k, rowIndex, 'spec.k', assertTopK), spec.policy);
    case 'top-p':
      return topPMask(row, perRowValue(spec.p, rowIndex, 'spec.p', assertTopP), spec.policy);
    case 'min-p':
      return minPMask(row, perRowValue(spec.minP, rowIndex, 'spec.minP', assertMinP));
    case 'top-k-top-p':
      return topKTopPMask(
        row,
        perRowValue(spec.k, rowIndex, 'spec.k', assertTopK),
        perRowValue(spec.p, rowIndex, 'spec.p', assertTopP),
        spec.order,
        spec.policy,
      );
    default:
      throw new RangeError(
        `spec.kind must be one of none, top-k, top-p, min-p, top-k-top-p, got ${String((spec as { kind: unknown }).kind)}`,
      );
  }
}
