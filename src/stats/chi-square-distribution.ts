/** Central chi-square distribution: CDF, upper tail (p-values) and critical values. */
import { regularizedGammaP, regularizedGammaQ } from './incomplete-gamma.ts';

export function assertDf(df: number): void {
  if (!Number.isFinite(df) || df <= 0) throw new RangeError(`df must be a finite number > 0, got ${df}`);
}

export function assertAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
}

/** P(X ≤ x) for X ~ χ²(df). */
export function chiSquareCdf(x: number, df: number): number {
  assertDf(df);
  if (Number.isNaN(x)) throw new RangeError('x must not be NaN');
  return x <= 0 ? 0 : regularizedGammaP(df / 2, x / 2);
}

/** P(X ≥ x) for X ~ χ²(df): the p-value of a statistic x, with relative precision kept for tiny values. */
export function chiSquareSurvival(x: number, df: number): number {
  assertDf(df);
  if (Number.isNaN(x)) throw new RangeError('x must not be NaN');
  return x <= 0 ? 1 : regularizedGammaQ(df / 2, x / 2);
}

/** The x with P(X ≥ x) = alpha (bisection to float64 resolution; the survival function is monotone). */
export function chiSquareCritical(df: number, alpha: number): number {
  assertDf(df);
  assertAlpha(alpha);
  let lo = 0;
  let hi = df + 10 * Math.sqrt(2 * df) + 10;
  while (chiSquareSurvival(hi, df) > alpha) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (chiSquareSurvival(mid, df) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
