/**
 * Noncentral chi-square distribution as a Poisson(λ/2) mixture of central χ²(df + 2j):
 *   F(x; df, λ) = Σ_j e^{−λ/2} (λ/2)^j / j! · P(df/2 + j, x/2).
 * Summed outward from the Poisson mode; each side stops once the bound on the remaining Poisson mass (a
 * geometric bound from the ratio of successive weights) is below 1e-14, so the truncation error is far below
 * the 1e-8 target. The survival function sums the Q terms directly so small tails keep relative precision.
 */
import jStat from 'jstat';
import { assertDf } from './chi-square-distribution.ts';
import { regularizedGammaP, regularizedGammaQ } from './incomplete-gamma.ts';

const TAIL_BOUND = 1e-14;

function assertArgs(x: number, df: number, lambda: number): void {
  assertDf(df);
  if (Number.isNaN(x)) throw new RangeError('x must not be NaN');
  if (!Number.isFinite(lambda) || lambda < 0) throw new RangeError(`lambda must be a finite number >= 0, got ${lambda}`);
}

function poissonMixture(x: number, df: number, lambda: number, term: (a: number, h: number) => number): number {
  const mu = lambda / 2;
  const h = x / 2;
  if (mu === 0) return term(df / 2, h);
  const logWeight = (j: number): number => j * Math.log(mu) - mu - jStat.loggam(j + 1);
  const mode = Math.floor(mu);
  let sum = 0;
  for (let j = mode; ; j++) {
    const w = Math.exp(logWeight(j));
    sum += w * term(df / 2 + j, h);
    // Remaining weights shrink at least by the factor mu / (j + 2) < 1 each step.
    const ratio = mu / (j + 2);
    if (ratio < 1 && (w * ratio) / (1 - ratio) < TAIL_BOUND) break;
  }
  for (let j = mode - 1; j >= 0; j--) {
    const w = Math.exp(logWeight(j));
    sum += w * term(df / 2 + j, h);
    // Going down, weights shrink by j / mu < 1 each step.
    const ratio = j / mu;
    if ((w * ratio) / (1 - ratio) < TAIL_BOUND) break;
  }
  return sum;
}

/** P(X ≤ x) for X ~ noncentral χ²(df, λ). */
export function noncentralChiSquareCdf(x: number, df: number, lambda: number): number {
  assertArgs(x, df, lambda);
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return Math.min(1, poissonMixture(x, df, lambda, regularizedGammaP));
}

/** P(X > x) for X ~ noncentral χ²(df, λ): the power of a test rejecting above x. */
export function noncentralChiSquareSurvival(x: number, df: number, lambda: number): number {
  assertArgs(x, df, lambda);
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return Math.min(1, poissonMixture(x, df, lambda, regularizedGammaQ));
}
