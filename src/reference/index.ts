/** The CPU reference: the specification GPU kernels are held to (see docs/semantics.md). */
export { MAX_TOP_K } from './arguments.ts';
export { FIXED_POINT_ONE, quantizeWeight, quantizeRow, fixedPointTotal } from './fixed-point.ts';
export { isValidProbRow, isValidLogitRow } from './validity.ts';
export { applyTemperature } from './temperature.ts';
export { softmax } from './softmax.ts';
export { argmax } from './greedy.ts';
export { inclusivePrefixSum, exclusivePrefixSum, prefixSum } from './prefix-sum.ts';
export { TIE_POLICIES, FUSED_ORDERS } from './tie-policy.ts';
export { topKMask } from './topk.ts';
export { topPMask, nucleusBoundary, type NucleusBoundary } from './topp.ts';
export { minPMask, minPThreshold } from './minp.ts';
export { topKTopPMask } from './fused.ts';
export { sampleInverseCdf, type MarginSample } from './sample.ts';
export { renormalize, renormProbs, renormProbsOn, maskLogits } from './renorm.ts';
export { eligibleMask, assertFilterSpec, type FilterSpec, type FilterKind } from './filter-spec.ts';
export { filteredDistribution, referenceSample, referenceSampleFromLogits } from './pipeline.ts';
