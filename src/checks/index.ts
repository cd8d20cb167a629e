/** Pure checks: each returns a CheckResult naming the row, index and values of every failure. */
export { checkResult, type RowKind } from './result.ts';
export { isMonotoneNonDecreasing } from './monotone.ts';
export { tokenInRange } from './token-range.ts';
export { satisfiesFilter, satisfiesTopK, satisfiesTopP, satisfiesMinP, relaxedSpec } from './filter.ts';
export { neverSamplesMasked } from './masked.ts';
export { isValidDistribution } from './distribution.ts';
export { sameTokens } from './determinism.ts';
export { validFlagsMatch } from './valid-flags.ts';
export { assertTokens, isTokenIn, type Tokens } from './tokens-arg.ts';
export { exactReplay, uniformBandReplay, type BandDisagreement, type BandReplayInput, type BandReplayOutcome, type ExactReplayOptions, type KernelDraws, type ReplayOutcome } from './replay.ts';
export {
  CHECK,
  LOGIT_REPLAY_MARGIN,
  invalidRowTokensChecked,
  largestUniformPromise,
  replayPromise,
  tiePolicyPromise,
  validFlagsPromise,
  type CheckScope,
  type NotApplicable,
  type ReplayPromise,
} from './contract.ts';
export { streamIndependence, STREAM_FALSE_FAILURE, type StreamRuns } from './streams.ts';
