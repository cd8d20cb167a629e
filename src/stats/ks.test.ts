import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { binomialAcceptanceInterval } from './binomial-interval.ts';
import { kolmogorovSurvival, ksUniform } from './ks.ts';

describe('kolmogorovSurvival', () => {
  it('matches tabulated quantiles of the Kolmogorov distribution', () => {
    expect(kolmogorovSurvival(1.3580986)).toBeCloseTo(0.05, 6);
    expect(kolmogorovSurvival(1.6276236)).toBeCloseTo(0.01, 6);
    expect(kolmogorovSurvival(1.2238479)).toBeCloseTo(0.1, 6);
  });
  it('is continuous where it switches series', () => {
    expect(kolmogorovSurvival(1.18 - 1e-12)).toBeCloseTo(kolmogorovSurvival(1.18), 10);
  });
});

describe('ksUniform', () => {
  it('computes D for an evenly spread sample', () => {
    const n = 200;
    const r = ksUniform(Array.from({ length: n }, (_, i) => (i + 0.5) / n));
    expect(r.statistic).toBeCloseTo(1 / (2 * n), 14);
    expect(r.pValue).toBe(1);
  });
  it('rejects a clearly non-uniform sample', () => {
    const rng = seedrandom('ks-skew');
    const r = ksUniform(Array.from({ length: 400 }, () => rng() ** 2));
    expect(r.pValue).toBeLessThan(1e-6);
  });
  it('is calibrated: p < 0.05 in a binomial-consistent share of 400 uniform samples', () => {
    // False-failure rate ≤ 1e-4 (the acceptance interval's level) if the p-values are exactly calibrated.
    const rng = seedrandom('ks-null');
    let rejected = 0;
    for (let run = 0; run < 400; run++) {
      if (ksUniform(Array.from({ length: 150 }, () => rng())).pValue < 0.05) rejected++;
    }
    const { lo, hi } = binomialAcceptanceInterval(400, 0.05, 1e-4);
    expect(rejected).toBeGreaterThanOrEqual(lo);
    expect(rejected).toBeLessThanOrEqual(hi);
  });
  it('refuses small samples and values outside [0, 1]', () => {
    expect(() => ksUniform([0.5])).toThrow(/at least 100/);
    expect(() => ksUniform(Array.from({ length: 100 }, (_, i) => (i === 7 ? 1.5 : 0.5)))).toThrow(/values\[7\]/);
  });
});
