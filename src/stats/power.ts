/**
 * Power of the chi-square goodness-of-fit test under the standard noncentral approximation: with n samples
 * from q tested against p, X² is approximately noncentral χ²(df, λ) with λ = n·Σ (q_i − p_i)² / p_i.
 * The approximation assumes every expected count is moderately large (the merging threshold of 5 or more);
 * deviations inside a merged group are invisible to the test and are not credited.
 */
import { assertAlpha, assertDf, chiSquareCritical } from './chi-square-distribution.ts';
import { noncentralChiSquareSurvival } from './noncentral-chi-square.ts';
import { mergeLowExpected, readMinExpected, readProbabilities } from './cell-merging.ts';

export { chiSquareCritical } from './chi-square-distribution.ts';
export { noncentralChiSquareCdf, noncentralChiSquareSurvival } from './noncentral-chi-square.ts';

/** A planted deviation: the distribution the samples come from (`actual`) vs the tested one (`expected`). */
export interface Deviation {
  readonly expected: ArrayLike<number>;
  readonly actual: ArrayLike<number>;
}

function assertPositiveInteger(v: number, name: string): void {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be an integer >= 1, got ${v}`);
}

function assertPower(power: number): void {
  if (!(power > 0 && power < 1)) throw new RangeError(`power must be in (0, 1), got ${power}`);
}

/**
 * Σ (q_i − p_i)² / p_i: the noncentrality per sample. Both inputs are normalized by their totals.
 * Mass on a cell with p_i = 0 is rejected: the test then fails on any sample landing there
 * (probability 1 − (1 − q_i)^n), which this approximation cannot express.
 */
export function noncentralityPerSample(deviation: Deviation): number {
  const p = readProbabilities(deviation.expected, 'deviation.expected');
  const q = readProbabilities(deviation.actual, 'deviation.actual');
  if (p.length !== q.length) {
    throw new RangeError(`deviation.expected and deviation.actual must have the same length, got ${p.length} and ${q.length}`);
  }
  let phi = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    const qi = q[i] as number;
    if (pi === 0) {
      if (qi > 0) throw new RangeError(`deviation.actual[${i}] puts mass on a cell with expected probability 0`);
      continue;
    }
    phi += (qi - pi) ** 2 / pi;
  }
  return phi;
}

/** Probability that the level-alpha test rejects when X² ~ noncentral χ²(df, λ). */
export function powerAtNoncentrality(df: number, alpha: number, lambda: number): number {
  return noncentralChiSquareSurvival(chiSquareCritical(df, alpha), df, lambda);
}

/** The λ at which the level-alpha test with df degrees of freedom reaches `power` (0 if power ≤ alpha). */
export function requiredNoncentrality(df: number, alpha: number, power: number): number {
  assertDf(df);
  assertAlpha(alpha);
  assertPower(power);
  if (power <= alpha) return 0;
  const critical = chiSquareCritical(df, alpha);
  const powerAt = (lambda: number): number => noncentralChiSquareSurvival(critical, df, lambda);
  let lo = 0;
  let hi = 1;
  while (powerAt(hi) < power) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 100 && hi - lo > 1e-10 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (powerAt(mid) < power) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Predicted rejection rate of the level-alpha chi-square test with `n` samples from deviation.actual. */
export function detectionPower(args: { n: number; df: number; alpha: number; deviation: Deviation }): number {
  assertPositiveInteger(args.n, 'n');
  assertDf(args.df);
  assertAlpha(args.alpha);
  return powerAtNoncentrality(args.df, args.alpha, args.n * noncentralityPerSample(args.deviation));
}

/** Smallest n whose predicted power reaches `power` for this deviation. */
export function sampleSizeFor(args: { df: number; alpha: number; power: number; deviation: Deviation }): number {
  const phi = noncentralityPerSample(args.deviation);
  if (phi === 0) throw new RangeError('deviation.actual equals deviation.expected: no sample size detects it');
  const n = Math.max(1, Math.ceil(requiredNoncentrality(args.df, args.alpha, args.power) / phi));
  return n;
}

/**
 * Smallest total-variation distance δ detected with the given power by the test on n samples, for EVERY
 * deviation shape (worst case). By Cauchy–Schwarz, Σ|q_i − p_i| ≤ sqrt(Σ (q_i − p_i)²/p_i · Σ p_i), so any
 * deviation with TV δ has λ ≥ 4nδ²; equality holds for the proportional tilt that moves mass δ from one half of
 * the probability to the other (q_i = p_i(1 ± 2δ) on two sets of mass 1/2 each). Power grows with λ, so
 * δ = sqrt(λ_req / (4n)), λ_req being the noncentrality that reaches the power. df comes from the merging rule applied to the expected counts n·p (TV is measured on the
 * merged cells: mass moved inside one merged group is invisible).
 */
export function minDetectableTv(args: {
  n: number;
  expected: ArrayLike<number>;
  alpha: number;
  power: number;
  minExpected?: number;
}): number {
  assertPositiveInteger(args.n, 'n');
  const p = readProbabilities(args.expected, 'expected');
  const minExpected = readMinExpected(args);
  const cells = mergeLowExpected(p.map((pi) => pi * args.n), minExpected).length;
  if (cells < 2) throw new RangeError(`expected has ${cells} cell(s) after merging at n=${args.n}: nothing is testable`);
  const lambda = requiredNoncentrality(cells - 1, args.alpha, args.power);
  return Math.sqrt(lambda / (4 * args.n));
}
