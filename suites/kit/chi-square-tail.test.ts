/**
 * Tail loss on an LLM-shaped row, on the CPU: the power the suites state, checked against power.ts on the merged
 * cells, and the defect itself planted in the CPU sampler (the tail's tokens made ineligible: never drawn, the rest
 * renormalized, as a kernel that drops them samples) and rejected by a family at the suites' per-file alpha.
 * The seed is fixed, so this file never adds to the run's false-failure rate: its outcome is the same every run.
 */
import { describe, expect, it } from 'vitest';
import { filteredDistribution } from '../../src/reference/index.ts';
import { mergeLowExpected } from '../../src/stats/cell-merging.ts';
import { HypothesisFamily, planDraws, simulateSampling } from '../../src/stats/experiment/index.ts';
import { detectionPower } from '../../src/stats/power.ts';
import { FILE_FAMILY_ALPHA } from './chi-square-plan.ts';
import { watchdogShapes } from './sampling-shapes.ts';
import { LLM_MAX_INPUT_BYTES, LLM_VOCAB, llmShapedRow, TAIL_POWER, TAIL_SHARE, tailLossLine, tailLossModel, tailTokens } from './chi-square-tail.ts';

const DRAWS = 1_000_000;
/** A generous bound on the cases of one family file (the largest has about 20): alpha / m is Holm's strictest step. */
const WORST_CASES = 64;
const ALPHA = FILE_FAMILY_ALPHA / WORST_CASES;
const SEED = 0x7a11_5eed_0001n;

describe('tailTokens', () => {
  it('takes the smallest positive probabilities while their mass stays within the share, ties by index', () => {
    expect([...tailTokens([0.5, 0.001, 0.002, 0, 0.003, 0.494], 0.005)]).toEqual([1, 2]);
    expect([...tailTokens([0.997, 0.001, 0.001, 0.001], 0.0025)]).toEqual([1, 2]);
    expect([...tailTokens([0.5, 0.5], 0.005)]).toEqual([]);
    expect(() => tailTokens([1], 0)).toThrow(/share must be in \(0, 1\), got 0/);
  });
});

describe(`tail loss on an LLM-shaped row (vocab ${LLM_VOCAB}), ${DRAWS} draws, alpha ${ALPHA.toExponential(2)}`, () => {
  const row = llmShapedRow('probs').data;
  const expected = filteredDistribution(row, { kind: 'none' }, 0);
  const tail = tailTokens(expected, TAIL_SHARE);
  const eligible = new Uint8Array(LLM_VOCAB).fill(1);
  for (const i of tail) eligible[i] = 0;
  const model = tailLossModel(expected, DRAWS);

  it(`power ≥ ${TAIL_POWER} against never sampling the last ${TAIL_SHARE * 100} % of the mass, as power.ts computes it on the merged cells`, () => {
    const t = model.power(ALPHA);
    console.log(tailLossLine('LLM-shaped row (CPU)', t));
    expect(t.lostMass).toBeLessThanOrEqual(TAIL_SHARE);
    expect(t.lostMass).toBeGreaterThan(TAIL_SHARE * 0.999);
    expect(t.power).toBeGreaterThanOrEqual(TAIL_POWER);
    expect(t.miss).toBeLessThan(1e-30);
    // the same number from power.ts, on the cells the test sees: P and the planted distribution summed per cell
    const planted = filteredDistribution(row, { kind: 'none' }, 0).map((p, i) => (eligible[i] === 1 ? p : 0));
    const cells = mergeLowExpected(Array.from(expected, (p) => p * DRAWS), 5);
    const sumOver = (a: ArrayLike<number>): number[] => cells.map((c) => c.reduce((s, i) => s + (a[i] as number), 0));
    const viaPowerTs = detectionPower({ n: DRAWS, df: cells.length - 1, alpha: ALPHA, deviation: { expected: sumOver(expected), actual: sumOver(planted) } });
    expect(viaPowerTs).toBeCloseTo(t.power, 12);
    expect(cells.length - 1).toBe(t.df);
  });

  it('states the smallest tail share caught at that power (below the 0.5 % required)', () => {
    const smallest = model.smallestShare(ALPHA);
    console.log(`[chi-square] LLM-shaped row (CPU): a lost tail of ${(smallest * 100).toFixed(3)} % of the mass or more is caught with power ≥ ${TAIL_POWER} at ${DRAWS} draws, alpha ${ALPHA.toExponential(2)}`);
    expect(smallest).toBeLessThan(TAIL_SHARE);
    expect(model.power(ALPHA, smallest).power).toBeGreaterThanOrEqual(TAIL_POWER);
  });

  it('no LLM-shaped launch is larger than the largest watchdog shape (the launches the budget is promised for)', () => {
    const plan = planDraws({ vocab: LLM_VOCAB, draws: DRAWS, maxUploadBytes: LLM_MAX_INPUT_BYTES });
    const largest = Math.max(...watchdogShapes().map(([b, v]) => b * v));
    expect(plan.rowsPerLaunch * LLM_VOCAB).toBeLessThanOrEqual(largest);
    expect(plan.totalDraws).toBeGreaterThanOrEqual(DRAWS);
  });

  it('a CPU sampler that never draws the tail is rejected by Holm at the per-file alpha; the correct one beside it passes', () => {
    const plan = planDraws({ vocab: LLM_VOCAB, draws: DRAWS, maxUploadBytes: LLM_MAX_INPUT_BYTES });
    const correct = simulateSampling({ row, eligible: null, seed: SEED, plan });
    const defect = simulateSampling({ row, eligible, seed: SEED, plan });
    expect(tail.some((i) => (defect.counts[i] as number) > 0)).toBe(false);
    const family = new HypothesisFamily({ familyAlpha: FILE_FAMILY_ALPHA });
    family.add({ name: 'correct', observed: correct.counts, expected, draws: correct.draws, seed: SEED });
    family.add({ name: 'tail never sampled', observed: defect.counts, expected, draws: defect.draws, seed: SEED });
    const [ok, bad] = family.evaluate().cases;
    console.log(`[chi-square] CPU sampler, LLM-shaped row: correct p = ${ok?.pValue.toExponential(3)}; tail never sampled p = ${bad?.pValue.toExponential(3)} (df ${bad?.df})`);
    expect(ok).toMatchObject({ rejected: false, reason: null });
    expect(bad).toMatchObject({ rejected: true, reason: 'holm' });
    // rejected in any family of up to WORST_CASES cases: Holm rejects a p-value ≤ alpha / m at every step
    expect(bad?.pValue).toBeLessThanOrEqual(ALPHA);
  });
});
