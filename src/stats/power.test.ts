import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  detectionPower,
  minDetectableTv,
  noncentralityPerSample,
  powerAtNoncentrality,
  requiredNoncentrality,
  sampleSizeFor,
} from './power.ts';

describe('power of the chi-square test', () => {
  it('equals alpha when there is no deviation', () => {
    expect(powerAtNoncentrality(29, 0.05, 0)).toBeCloseTo(0.05, 10);
  });
  it("reproduces Cohen's (1988) table: N = λ / w² for α = .05, power .80", () => {
    // Cohen Table 7.4.6, w = 0.1: N = 785 (df 1), 964 (df 2), 1194 (df 4).
    expect(requiredNoncentrality(1, 0.05, 0.8)).toBeCloseTo(7.849, 2);
    expect(requiredNoncentrality(2, 0.05, 0.8)).toBeCloseTo(9.635, 2);
    expect(requiredNoncentrality(4, 0.05, 0.8)).toBeCloseTo(11.94, 1);
  });
  it('sample size for w = 0.1 at df 1 is 785', () => {
    const deviation = { expected: [0.5, 0.5], actual: [0.55, 0.45] };
    expect(noncentralityPerSample(deviation)).toBeCloseTo(0.01, 14);
    expect(sampleSizeFor({ df: 1, alpha: 0.05, power: 0.8, deviation })).toBe(785);
    expect(detectionPower({ n: 785, df: 1, alpha: 0.05, deviation })).toBeGreaterThanOrEqual(0.8);
    expect(detectionPower({ n: 784, df: 1, alpha: 0.05, deviation })).toBeLessThan(0.8);
  });
  it('minDetectableTv is attained by the proportional half tilt', () => {
    const cells = 30;
    const expected = new Array<number>(cells).fill(1 / cells);
    const tv = minDetectableTv({ n: 5000, expected, alpha: 0.05, power: 0.7 });
    const actual = expected.map((p, i) => p * (i < cells / 2 ? 1 + 2 * tv : 1 - 2 * tv));
    expect(detectionPower({ n: 5000, df: cells - 1, alpha: 0.05, deviation: { expected, actual } })).toBeCloseTo(0.7, 6);
  });
  it('minDetectableTv is a worst case: any deviation with that TV is detected at least as often', () => {
    const expected = [0.3, 0.2, 0.15, 0.1, 0.1, 0.08, 0.07];
    const n = 2000;
    const tv = minDetectableTv({ n, expected, alpha: 0.01, power: 0.6 });
    const direction = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 7, maxLength: 7 });
    fc.assert(
      fc.property(direction, (dir) => {
        const mean = dir.reduce((s, d) => s + d, 0) / dir.length;
        const centred = dir.map((d) => d - mean);
        const l1 = centred.reduce((s, d) => s + Math.abs(d), 0);
        fc.pre(l1 > 1e-6);
        const actual = expected.map((p, i) => p + ((centred[i] as number) * 2 * tv) / l1);
        fc.pre(actual.every((q) => q >= 0));
        const power = detectionPower({ n, df: expected.length - 1, alpha: 0.01, deviation: { expected, actual } });
        expect(power).toBeGreaterThanOrEqual(0.6 - 1e-9);
      }),
      { seed: 31, numRuns: 60 },
    );
  });
  it('df for minDetectableTv follows the merging rule', () => {
    // n = 100: expected 1, 1, 1 pool and stay open until 32 (#3) closes the pool; 3 cells remain, df 2.
    const expected = [0.01, 0.01, 0.01, 0.32, 0.32, 0.33];
    const tv = minDetectableTv({ n: 100, expected, alpha: 0.05, power: 0.5 });
    expect(tv).toBeCloseTo(Math.sqrt(requiredNoncentrality(2, 0.05, 0.5) / 400), 12);
  });
  it('rejects bad arguments with the argument named', () => {
    const deviation = { expected: [0.5, 0.5], actual: [0.6, 0.4] };
    expect(() => detectionPower({ n: 0, df: 1, alpha: 0.05, deviation })).toThrow(/n must be an integer >= 1/);
    expect(() => sampleSizeFor({ df: 1, alpha: 0.05, power: 1, deviation })).toThrow(/power must be in \(0, 1\)/);
    expect(() => sampleSizeFor({ df: 1, alpha: 0.05, power: 0.5, deviation: { expected: [1, 1], actual: [1, 1] } })).toThrow(
      /no sample size/,
    );
    expect(() => noncentralityPerSample({ expected: [1, 0], actual: [1, 1] })).toThrow(/deviation.actual\[1\]/);
    expect(() => minDetectableTv({ n: 3, expected: [1, 1], alpha: 0.05, power: 0.5 })).toThrow(/nothing is testable/);
  });
});
