/**
 * End-to-end calibration of the goodness-of-fit tests by simulation with seeded multinomial samples.
 * Each check is deterministic (fixed seeds); the stated false-failure rate is what a correct implementation
 * would see over fresh seeds, so a failure here is evidence of a real defect, not noise.
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { binomialAcceptanceInterval } from './binomial-interval.ts';
import { chiSquareGof } from './chi-square.ts';
import { chiSquareSurvival } from './chi-square-distribution.ts';
import { gTestGof } from './g-test.ts';
import { ksUniform } from './ks.ts';
import { sampleMultinomial } from './multinomial.ts';
import { detectionPower, sampleSizeFor } from './power.ts';

/** 30 Zipf-like cells, three tiny cells that the merging rule must pool (expected ≈ 2 at n = 2000), one zero. */
const nullProbs = (() => {
  const w = Array.from({ length: 30 }, (_, i) => (i + 1) ** -1.2);
  w.push(0.003, 0.003, 0.003, 0);
  const total = w.reduce((s, v) => s + v, 0);
  return w.map((v) => v / total);
})();

describe('null calibration (400 runs, n = 2000)', () => {
  const rng = seedrandom('gof-null-calibration');
  const samples = Array.from({ length: 400 }, () => sampleMultinomial(nullProbs, 2000, rng));

  it('merges the tiny cells and never flags the zero cell', () => {
    const r = chiSquareGof(samples[0] as number[], nullProbs);
    expect(r.merged.length).toBeGreaterThan(0);
    expect(r.impossible).toBeNull();
  });
  it('Pearson p-values are uniform: KS p > 1e-3 (false-failure rate 1e-3)', () => {
    const p = samples.map((s) => chiSquareGof(s, nullProbs).pValue);
    expect(ksUniform(p).pValue).toBeGreaterThan(1e-3);
  });
  it('G-test p-values are uniform: KS p > 1e-3 (false-failure rate 1e-3)', () => {
    const p = samples.map((s) => gTestGof(s, nullProbs).pValue);
    expect(ksUniform(p).pValue).toBeGreaterThan(1e-3);
  });
  it('a miscalibrated p-value (df off by three) is caught by the same check', () => {
    // Guards the check itself: p-values computed with the wrong df must fail it.
    const p = samples.map((s) => {
      const r = chiSquareGof(s, nullProbs);
      return chiSquareSurvival(r.statistic, r.df + 3);
    });
    expect(ksUniform(p).pValue).toBeLessThan(1e-3);
  });
});

describe('planted 2 % total-variation bias (300 runs)', () => {
  it('is detected at the predicted rate: within the binomial 1e-4 interval (false-failure rate 1e-4)', () => {
    const cells = 30;
    const tv = 0.02;
    const expected = new Array<number>(cells).fill(1 / cells);
    // Proportional half tilt: the worst-case shape for a given TV (see minDetectableTv).
    const actual = expected.map((p, i) => p * (i < cells / 2 ? 1 + 2 * tv : 1 - 2 * tv));
    const deviation = { expected, actual };
    const alpha = 0.05;
    const n = sampleSizeFor({ df: cells - 1, alpha, power: 0.65, deviation });
    const predicted = detectionPower({ n, df: cells - 1, alpha, deviation });
    expect(predicted).toBeGreaterThan(0.5);
    expect(predicted).toBeLessThan(0.8);
    const rng = seedrandom('gof-planted-bias');
    let detected = 0;
    for (let run = 0; run < 300; run++) {
      if (chiSquareGof(sampleMultinomial(actual, n, rng), expected).pValue < alpha) detected++;
    }
    const { lo, hi } = binomialAcceptanceInterval(300, predicted, 1e-4);
    expect(detected).toBeGreaterThanOrEqual(lo);
    expect(detected).toBeLessThanOrEqual(hi);
  });
});
