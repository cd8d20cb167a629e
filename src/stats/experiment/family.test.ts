import { describe, expect, it } from 'vitest';
import { chiSquareGof } from '../chi-square.ts';
import { gTestGof } from '../g-test.ts';
import { holm } from '../holm.ts';
import { minDetectableTv } from '../power.ts';
import { HypothesisFamily } from './family.ts';

const N = 1_000_000;

/** Counts that match `probs` as closely as integers allow, with the remainder on the last cell. */
function matchingCounts(probs: readonly number[], n: number): number[] {
  const counts = probs.map((p) => Math.floor(p * n));
  counts[counts.length - 1] = (counts.at(-1) as number) + n - counts.reduce((s, c) => s + c, 0);
  return counts;
}

/** Two equal cells, `shift` draws moved from the second to the first: X² = 4·shift²/n with one df. */
const twoCells = (shift: number): { observed: number[]; expected: number[]; draws: number } => ({
  observed: [N / 2 + shift, N / 2 - shift],
  expected: [0.5, 0.5],
  draws: N,
});

const zipf = Array.from({ length: 40 }, (_, i) => 1 / (i + 1));

describe('HypothesisFamily', () => {
  it('passes matching counts and states p, G, Holm and the detectable TV at familyAlpha / m', () => {
    const observed = matchingCounts(zipf.map((w) => w / zipf.reduce((s, v) => s + v, 0)), N);
    const fam = new HypothesisFamily()
      .add({ name: 'zipf', observed, expected: zipf, draws: N, seed: 0xabcn })
      .add({ name: 'pair', ...twoCells(0) });
    const { cases, summary } = fam.evaluate();
    expect(summary).toMatchObject({ familyAlpha: 1e-4, cases: 2, rejected: 0, passed: true, detectionAlpha: 5e-5, detectionPower: 0.99, minDraws: N });
    const z = cases[0]!;
    expect(z).toMatchObject({ name: 'zipf', df: 39, rejected: false, reason: null, draws: N, observedDraws: N, impossible: null, seed: '0x0000000000000abc' });
    expect(z.pValue).toBeGreaterThan(0.999);
    expect(z.statistic).toBe(chiSquareGof(observed, zipf).statistic);
    expect(z.gStatistic).toBe(gTestGof(observed, zipf).statistic);
    expect(z.gPValue).toBe(gTestGof(observed, zipf).pValue);
    expect(z.minDetectableTv).toBe(minDetectableTv({ n: N, expected: zipf, alpha: 5e-5, power: 0.99 }));
    expect(summary.worstMinDetectableTv).toBe(Math.max(z.minDetectableTv!, cases[1]!.minDetectableTv!));
  });

  it('applies Holm across the family: the same p passes or fails depending on m', () => {
    // p ≈ 7e-5: below familyAlpha = 1e-4 alone, above it once doubled by a second case.
    const shift = 1990;
    const alone = new HypothesisFamily().add({ name: 'a', ...twoCells(shift) }).evaluate();
    expect(alone.cases[0]!.pValue).toBeGreaterThan(5e-5);
    expect(alone.cases[0]!.pValue).toBeLessThan(1e-4);
    expect(alone.cases[0]).toMatchObject({ rejected: true, reason: 'holm' });
    const pair = new HypothesisFamily().add({ name: 'a', ...twoCells(shift) }).add({ name: 'b', ...twoCells(10) }).evaluate();
    expect(pair.cases[0]).toMatchObject({ rejected: false, reason: null });
    const h = holm(pair.cases.map((c) => c.pValue), 1e-4);
    expect(pair.cases.map((c) => c.holmAdjusted)).toEqual(h.adjusted);
    expect(pair.summary.passed).toBe(true);
    // p ≈ 3e-5 survives the doubling.
    const strong = new HypothesisFamily().add({ name: 'a', ...twoCells(2090) }).add({ name: 'b', ...twoCells(10) }).evaluate();
    expect(strong.cases[0]).toMatchObject({ rejected: true, reason: 'holm' });
    expect(strong.summary).toMatchObject({ rejected: 1, passed: false });
  });

  it('one draw on a zero-probability token is a definite failure, even with a loose familyAlpha and many cases', () => {
    const expected = [0.5, 0.5, 0];
    const fam = new HypothesisFamily({ familyAlpha: 1e-12 });
    for (let i = 0; i < 20; i++) fam.add({ name: `null${i}`, ...twoCells(0) });
    fam.add({ name: 'leak', observed: [N / 2, N / 2 - 1, 1], expected, draws: N });
    const r = fam.evaluate();
    expect(r.cases.at(-1)).toMatchObject({ rejected: true, reason: 'impossible-token', impossible: { index: 2, observed: 1 }, pValue: 0 });
    expect(r.cases.slice(0, 20).every((c) => !c.rejected)).toBe(true);
  });

  it('counts that do not add up to the draws made are a definite failure', () => {
    const lost = new HypothesisFamily().add({ name: 'lost', observed: [N / 2, N / 2 - 3], expected: [1, 1], draws: N }).evaluate();
    expect(lost.cases[0]).toMatchObject({ rejected: true, reason: 'draw-count-mismatch', observedDraws: N - 3 });
    const none = new HypothesisFamily().add({ name: 'none', observed: [0, 0], expected: [1, 1], draws: N }).evaluate();
    expect(none.cases[0]).toMatchObject({ rejected: true, reason: 'draw-count-mismatch', observedDraws: 0, pValue: 0 });
  });

  it('a single eligible token has nothing to test (df 0, no detectable TV) but still catches leaks', () => {
    const ok = new HypothesisFamily().add({ name: 'one', observed: [0, N, 0], expected: [0, 1, 0], draws: N }).evaluate();
    expect(ok.cases[0]).toMatchObject({ df: 0, pValue: 1, rejected: false, minDetectableTv: null });
    expect(ok.summary.worstMinDetectableTv).toBeNull();
    const leak = new HypothesisFamily().add({ name: 'one', observed: [1, N - 1, 0], expected: [0, 1, 0], draws: N }).evaluate();
    expect(leak.cases[0]).toMatchObject({ rejected: true, reason: 'impossible-token' });
  });

  it('merges low-expected tokens and says how many groups it pooled', () => {
    const expected = [...Array.from({ length: 10 }, () => 0.1 - 1e-7), ...Array.from({ length: 10 }, () => 1e-7)];
    const observed = matchingCounts(expected.map((e) => e / expected.reduce((s, v) => s + v, 0)), N);
    const c = new HypothesisFamily().add({ name: 'tail', observed, expected, draws: N }).evaluate().cases[0]!;
    // The ten tiny tokens (expected 0.1 each, 1 together) stay below 5, so they join the smallest large cell.
    expect(c.mergedGroups).toBe(1);
    expect(c.df).toBe(9);
  });

  it('rejects bad families and cases with the allowed range', () => {
    expect(() => new HypothesisFamily({ familyAlpha: 0 })).toThrow(/familyAlpha must be in \(0, 1\)/);
    expect(() => new HypothesisFamily({ power: 1 })).toThrow(/power must be in \(0, 1\)/);
    expect(() => new HypothesisFamily({ minDraws: 0.5 })).toThrow(/minDraws must be an integer >= 1/);
    expect(() => new HypothesisFamily({ minExpected: -1 })).toThrow(/minExpected must be a finite number > 0/);
    expect(() => new HypothesisFamily().evaluate()).toThrow(/no cases/);
    const fam = new HypothesisFamily().add({ name: 'a', ...twoCells(0) });
    expect(() => fam.add({ name: 'a', ...twoCells(0) })).toThrow(/"a" is already in the family/);
    expect(() => fam.add({ name: '', ...twoCells(0) })).toThrow(TypeError);
    expect(() => fam.add({ name: 'few', observed: [5, 5], expected: [1, 1], draws: 10 })).toThrow(/draws must be an integer >= minDraws = 1000000/);
    expect(() => fam.add({ name: 'len', observed: [N], expected: [1, 1], draws: N })).toThrow(/same length, got 1 and 2/);
    expect(() => fam.add({ name: 'neg', observed: [N + 1, -1], expected: [1, 1], draws: N })).toThrow(/observed\[1\] must be a non-negative integer/);
    expect(() => fam.add({ name: 'nan', observed: [N, 0], expected: [1, Number.NaN], draws: N })).toThrow(/expected\[1\] must be a finite number >= 0/);
    expect(fam.size).toBe(1);
  });
});
