/** Pure checks: each returns a CheckResult naming the row, index and values of every failure. */
export { checkResult, type RowKind } from './result.ts';
export { isMonotoneNonDecreasing } from './monotone.ts';
export { tokenInRange } from './token-range.ts';
export { satisfiesFilter, satisfiesTopK, satisfiesTopP, satisfiesMinP, relaxedSpec } from './filter.ts';
export { neverSamplesMasked } from './masked.ts';
export { isValidDistribution } from './distribution.ts';
export { sameTokens } from './determinism.ts';
export { validFlagsMatch } from './valid-flags.ts';
