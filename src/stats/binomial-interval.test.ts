import { describe, expect, it } from 'vitest';
import { binomialAcceptanceInterval } from './binomial-interval.ts';

function binomialPmf(n: number, p: number): number[] {
  // Recurrence, independent of the log-gamma route used by the implementation.
  const pmf = [Math.pow(1 - p, n)];
  for (let k = 1; k <= n; k++) pmf.push(((pmf[k - 1] as number) * (n - k + 1) * p) / (k * (1 - p)));
  return pmf;
}

describe('binomialAcceptanceInterval', () => {
  it('is the tightest interval with at most alpha/2 outside on each side', () => {
    for (const [n, p, alpha] of [
      [300, 0.6, 1e-4],
      [400, 0.05, 1e-4],
      [50, 0.5, 0.05],
    ] as const) {
      const pmf = binomialPmf(n, p);
      const { lo, hi } = binomialAcceptanceInterval(n, p, alpha);
      const below = pmf.slice(0, lo).reduce((s, v) => s + v, 0);
      const above = pmf.slice(hi + 1).reduce((s, v) => s + v, 0);
      expect(below).toBeLessThanOrEqual(alpha / 2 + 1e-12);
      expect(above).toBeLessThanOrEqual(alpha / 2 + 1e-12);
      expect(below + (pmf[lo] as number)).toBeGreaterThan(alpha / 2 - 1e-12);
      expect(above + (pmf[hi] as number)).toBeGreaterThan(alpha / 2 - 1e-12);
    }
  });
  it('is symmetric for p = 1/2 and degenerate at p = 0 or 1', () => {
    expect(binomialAcceptanceInterval(50, 0.5, 0.05)).toEqual({ lo: 18, hi: 32 });
    expect(binomialAcceptanceInterval(10, 0, 0.05)).toEqual({ lo: 0, hi: 0 });
    expect(binomialAcceptanceInterval(10, 1, 0.05)).toEqual({ lo: 10, hi: 10 });
  });
  it('rejects bad arguments', () => {
    expect(() => binomialAcceptanceInterval(0, 0.5, 0.05)).toThrow(/trials/);
    expect(() => binomialAcceptanceInterval(5, 1.5, 0.05)).toThrow(/p must be in \[0, 1\]/);
    expect(() => binomialAcceptanceInterval(5, 0.5, 0)).toThrow(/alpha/);
  });
});
