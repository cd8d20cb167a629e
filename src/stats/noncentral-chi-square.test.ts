import { describe, expect, it } from 'vitest';
import jStat from 'jstat';
import { noncentralChiSquareCdf, noncentralChiSquareSurvival } from './noncentral-chi-square.ts';

/** Standard normal CDF through jStat's own lower incomplete gamma: Φ(t) = ½(1 ± P(½, t²/2)). */
function phi(t: number): number {
  const half = 0.5 * jStat.lowRegGamma(0.5, (t * t) / 2);
  return t >= 0 ? 0.5 + half : 0.5 - half;
}

describe('noncentral chi-square', () => {
  it('reduces to the central distribution at λ = 0', () => {
    for (const [x, df] of [
      [3.84, 1],
      [29, 29],
      [124.342, 100],
    ] as const) {
      expect(noncentralChiSquareCdf(x, df, 0)).toBeCloseTo(jStat.chisquare.cdf(x, df), 9);
    }
  });
  it('matches the closed form for df 1: (Z + √λ)²', () => {
    for (const lambda of [0.5, 3, 10, 40, 200]) {
      for (const x of [0.2, 2, 9, 30, 250]) {
        const want = phi(Math.sqrt(x) - Math.sqrt(lambda)) - phi(-Math.sqrt(x) - Math.sqrt(lambda));
        expect(noncentralChiSquareCdf(x, 1, lambda)).toBeCloseTo(want, 8);
      }
    }
  });
  it('has mean df + λ (checked by integrating the survival function)', () => {
    const df = 5;
    const lambda = 7;
    let mean = 0;
    const h = 0.01;
    for (let x = h / 2; x < 120; x += h) mean += noncentralChiSquareSurvival(x, df, lambda) * h;
    expect(mean).toBeCloseTo(df + lambda, 4);
  });
  it('CDF and survival sum to 1 and the survival grows with λ', () => {
    let last = 0;
    for (const lambda of [0, 1, 5, 20, 100, 1000]) {
      const s = noncentralChiSquareSurvival(42.557, 29, lambda);
      expect(s + noncentralChiSquareCdf(42.557, 29, lambda)).toBeCloseTo(1, 12);
      expect(s).toBeGreaterThan(last);
      last = s;
    }
  });
  it('rejects bad arguments', () => {
    expect(() => noncentralChiSquareCdf(1, 1, -1)).toThrow(/lambda must be a finite number >= 0/);
    expect(() => noncentralChiSquareCdf(1, 0, 1)).toThrow(/df/);
    expect(() => noncentralChiSquareSurvival(NaN, 1, 1)).toThrow(RangeError);
  });
});
