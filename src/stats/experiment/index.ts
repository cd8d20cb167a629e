/** The statistical plan the GPU sampling suites follow (docs/statistics.md). */
export {
  HypothesisFamily,
  DEFAULT_FAMILY_ALPHA,
  DEFAULT_DETECTION_POWER,
  DEFAULT_MIN_DRAWS,
  type HypothesisCase,
  type FamilyOptions,
  type FailureReason,
  type CaseResult,
  type FamilySummary,
  type FamilyReport,
} from './family.ts';
export {
  suiteSeed,
  describeSeed,
  createSeedSource,
  resolveBaseSeed,
  deriveSuiteSeed,
  toHex64,
  DEFAULT_BASE_SEED,
  type BaseSeed,
  type SeedOrigin,
  type SeedSource,
  type SeedSourceOptions,
} from './seeds.ts';
export { planDraws, launchOffset, BYTES_PER_F32, type DrawPlan, type DrawPlanRequest } from './draw-plan.ts';
export {
  simulateSampling,
  eligiblePrefix,
  drawToken,
  type CpuSamplerRequest,
  type CpuSamplerResult,
  type EligiblePrefix,
} from './cpu-sampler.ts';
export { uniformGridDistribution } from './grid-distribution.ts';
