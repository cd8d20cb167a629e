/**
 * The family's two promises checked by simulation with cheap multinomial samples (not the Philox sampler):
 * its false-failure rate stays at or below familyAlpha, and a worst-case deviation of the stated minimum
 * detectable TV is caught at the stated power. Seeds are recorded (suiteSeed); every count is compared with a
 * binomial acceptance interval at 1e-4, so a correct implementation fails with probability ≤ ~2e-4 per seed.
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { binomialAcceptanceInterval } from '../binomial-interval.ts';
import { sampleMultinomial } from '../multinomial.ts';
import { detectionPower } from '../power.ts';
import { HypothesisFamily } from './family.ts';
import { suiteSeed, toHex64 } from './seeds.ts';

const INTERVAL_ALPHA = 1e-4;
const rng = (name: string): (() => number) => seedrandom(toHex64(suiteSeed(`stats/experiment/${name}`)));

/** Ten probability values, each on two cells: the two halves A (even cells) and B (odd cells) have mass 1/2 each. */
const paired = (() => {
  const w = Array.from({ length: 20 }, (_, i) => 1 + Math.floor(i / 2));
  const total = w.reduce((s, v) => s + v, 0);
  return w.map((v) => v / total);
})();

/** The worst-case shape for a TV of `tv`: mass tv moved from half B to half A, proportionally. */
const halfTilt = (p: readonly number[], tv: number): number[] => p.map((pi, i) => pi * (i % 2 === 0 ? 1 + 2 * tv : 1 - 2 * tv));

describe('family false-failure rate (400 families of 4 null cases, familyAlpha 0.2)', () => {
  it('rejects between the Bonferroni floor 1 − (1 − α/m)^m and α of the families', () => {
    const alpha = 0.2;
    const m = 4;
    const families = 400;
    const random = rng('null-fwer');
    let failed = 0;
    for (let f = 0; f < families; f++) {
      const fam = new HypothesisFamily({ familyAlpha: alpha, minDraws: 1 });
      for (let c = 0; c < m; c++) fam.add({ name: `c${c}`, observed: sampleMultinomial(paired, 2000, random), expected: paired, draws: 2000 });
      const r = fam.evaluate();
      expect(r.cases.every((c) => c.reason === null || c.reason === 'holm')).toBe(true);
      if (!r.summary.passed) failed++;
    }
    // Holm rejects whenever Bonferroni does and controls the family rate at α; independent cases reach the floor.
    const floor = 1 - (1 - alpha / m) ** m;
    expect(failed).toBeGreaterThanOrEqual(binomialAcceptanceInterval(families, floor, INTERVAL_ALPHA).lo);
    expect(failed).toBeLessThanOrEqual(binomialAcceptanceInterval(families, alpha, INTERVAL_ALPHA).hi);
  });
});

describe('stated minimum detectable TV (400 families: one planted case among 5, familyAlpha 1e-4, n = 20000)', () => {
  const n = 20_000;
  const m = 5;
  const families = 400;

  function rejectionsAt(tvScale: number, name: string): { rejections: number; tv: number; predicted: number } {
    const probe = new HypothesisFamily({ minDraws: 1 });
    for (let c = 0; c < m; c++) probe.add({ name: `c${c}`, observed: paired.map((p) => Math.round(p * n)), expected: paired, draws: n });
    const stated = probe.evaluate().cases[0]!;
    expect(stated.detectionAlpha).toBe(1e-4 / m);
    const tv = (stated.minDetectableTv as number) * tvScale;
    const actual = halfTilt(paired, tv);
    const predicted = detectionPower({ n, df: paired.length - 1, alpha: 1e-4 / m, deviation: { expected: paired, actual } });
    const random = rng(name);
    let rejections = 0;
    for (let f = 0; f < families; f++) {
      const fam = new HypothesisFamily({ minDraws: 1 });
      fam.add({ name: 'planted', observed: sampleMultinomial(actual, n, random), expected: paired, draws: n });
      // The null cases only set m; a small n keeps them cheap (their own p-values barely matter to Holm's first step).
      for (let c = 1; c < m; c++) fam.add({ name: `null${c}`, observed: sampleMultinomial(paired, 500, random), expected: paired, draws: 500 });
      if (fam.evaluate().cases[0]!.rejected) rejections++;
    }
    return { rejections, tv, predicted };
  }

  it('a half tilt of exactly minDetectableTv is caught at power 0.99', () => {
    const { rejections, predicted } = rejectionsAt(1, 'tv-at-stated');
    expect(predicted).toBeCloseTo(0.99, 6);
    const { lo, hi } = binomialAcceptanceInterval(families, 0.99, INTERVAL_ALPHA);
    expect(rejections).toBeGreaterThanOrEqual(lo);
    expect(rejections).toBeLessThanOrEqual(hi);
  });

  it('a tilt of 0.75 × minDetectableTv is caught at its lower predicted rate (the stated TV is not loose)', () => {
    const { rejections, predicted } = rejectionsAt(0.75, 'tv-below-stated');
    expect(predicted).toBeLessThan(0.95);
    const { lo, hi } = binomialAcceptanceInterval(families, predicted, INTERVAL_ALPHA);
    expect(rejections).toBeGreaterThanOrEqual(lo);
    expect(rejections).toBeLessThanOrEqual(hi);
    expect(rejections).toBeLessThan(binomialAcceptanceInterval(families, 0.99, INTERVAL_ALPHA).lo);
  });
});
