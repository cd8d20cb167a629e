import { describe, expect, it } from 'vitest';
import jStat from 'jstat';
import { chiSquareCdf, chiSquareCritical, chiSquareSurvival } from './chi-square-distribution.ts';

describe('chi-square distribution', () => {
  it('matches textbook critical values', () => {
    expect(chiSquareSurvival(3.84, 1)).toBeCloseTo(0.05, 3);
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(124.342, 100)).toBeCloseTo(0.05, 5);
    expect(chiSquareSurvival(23.209251158954356, 10)).toBeCloseTo(0.01, 12);
    expect(chiSquareSurvival(2, 2)).toBeCloseTo(Math.exp(-1), 14);
  });
  it('inverts to the critical values', () => {
    expect(chiSquareCritical(1, 0.05)).toBeCloseTo(3.841458820694124, 9);
    expect(chiSquareCritical(100, 0.05)).toBeCloseTo(124.342, 3);
    expect(chiSquareCritical(10, 0.01)).toBeCloseTo(23.209251158954356, 9);
    expect(chiSquareCritical(2, 1e-12)).toBeCloseTo(-2 * Math.log(1e-12), 8);
  });
  it('agrees with jStat.chisquare.cdf up to df 1e6', () => {
    for (const df of [1, 3, 29, 1000, 1e6]) {
      for (const z of [-2, 0, 1, 3]) {
        const x = Math.max(0.01, df + z * Math.sqrt(2 * df));
        expect(chiSquareCdf(x, df)).toBeCloseTo(jStat.chisquare.cdf(x, df), 8);
      }
    }
  });
  it('gives tiny p-values with relative precision: df 2 survival is exp(−x/2)', () => {
    expect(chiSquareSurvival(1000, 2) / Math.exp(-500)).toBeCloseTo(1, 12);
  });
  it('rejects bad df and alpha', () => {
    expect(() => chiSquareSurvival(1, 0)).toThrow(/df must be a finite number > 0/);
    expect(() => chiSquareCritical(1, 1)).toThrow(/alpha must be in \(0, 1\)/);
    expect(() => chiSquareCdf(NaN, 1)).toThrow(RangeError);
  });
});
