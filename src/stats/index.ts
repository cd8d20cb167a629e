export { regularizedGammaP, regularizedGammaQ } from './incomplete-gamma.ts';
export { chiSquareCdf, chiSquareSurvival, chiSquareCritical } from './chi-square-distribution.ts';
export { noncentralChiSquareCdf, noncentralChiSquareSurvival } from './noncentral-chi-square.ts';
export {
  mergeLowExpected,
  prepareCells,
  DEFAULT_MIN_EXPECTED,
  type CellGroup,
  type ImpossibleCell,
  type MergeOptions,
  type PreparedCells,
} from './cell-merging.ts';
export type { GofResult } from './goodness-of-fit.ts';
export { chiSquareGof } from './chi-square.ts';
export { gTestGof } from './g-test.ts';
export { holm, type HolmResult } from './holm.ts';
export {
  detectionPower,
  minDetectableTv,
  noncentralityPerSample,
  powerAtNoncentrality,
  requiredNoncentrality,
  sampleSizeFor,
  type Deviation,
} from './power.ts';
export { ksUniform, kolmogorovSurvival, KS_MIN_N, type KsResult } from './ks.ts';
export { binomialAcceptanceInterval, type CountInterval } from './binomial-interval.ts';
export { sampleMultinomial } from './multinomial.ts';
