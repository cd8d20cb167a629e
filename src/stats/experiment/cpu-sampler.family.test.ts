/**
 * The whole plan on the CPU stand-in for a kernel: 1e6 Philox-driven draws per distribution, counted per token,
 * tested as one Holm family at 1e-4 against the reference's filtered distribution. Correct sampling passes;
 * planted defects fail. Seeds are recorded (suiteSeed), so these outcomes are fixed; over fresh seeds the null
 * family fails with probability ≤ 1e-4 and each planted defect escapes with probability ≤ 0.01 (most far less).
 */
import { describe, expect, it } from 'vitest';
import { eligibleMask, filteredDistribution, type FilterSpec } from '../../reference/index.ts';
import { generateLogits, logitsToProbs } from '../../fixtures/generators.ts';
import { detectionPower } from '../power.ts';
import { simulateSampling } from './cpu-sampler.ts';
import { planDraws } from './draw-plan.ts';
import { HypothesisFamily, type HypothesisCase } from './family.ts';
import { describeSeed, suiteSeed } from './seeds.ts';

const DRAWS = 1_000_000;
// 8 MiB uploads: the 1000-token row needs several launches, so offsets past the first counter are exercised.
const MAX_UPLOAD = 8 * 2 ** 20;

const llm111 = logitsToProbs(generateLogits({ kind: 'zipf', exponent: 1.1, noise: 0.5, seed: 'stats-experiment-llm-111', batch: 1, vocab: 111 })).data;
const zipf1000 = (() => {
  const w = Array.from({ length: 1000 }, (_, i) => (i + 1) ** -1.05);
  const total = w.reduce((s, v) => s + v, 0);
  return Float32Array.from(w, (v) => v / total);
})();
const topP: FilterSpec = { kind: 'top-p', p: 0.9, policy: 'ties-kept' };
const none: FilterSpec = { kind: 'none' };

interface Run {
  readonly name: string;
  /** What the kernel is asked to sample (the reference's expectation is computed from it). */
  readonly row: Float32Array;
  readonly spec: FilterSpec;
  /** What the simulated kernel actually samples: a planted defect changes the row, the mask or the uniform. */
  readonly sampledRow?: Float32Array;
  readonly ignoreFilter?: boolean;
  readonly distortUniform?: (u: number) => number;
}

function runCase(run: Run): HypothesisCase {
  const seed = suiteSeed(`stats/experiment/cpu/${run.name}`);
  const sampled = run.sampledRow ?? run.row;
  const plan = planDraws({ vocab: sampled.length, draws: DRAWS, maxUploadBytes: MAX_UPLOAD });
  const mask = run.ignoreFilter === true ? null : eligibleMask(run.row, run.spec);
  const result = simulateSampling({ row: sampled, eligible: mask, seed, plan, ...(run.distortUniform ? { distortUniform: run.distortUniform } : {}) });
  return { name: run.name, observed: result.counts, expected: filteredDistribution(run.row, run.spec), draws: result.draws, seed };
}

const nullRuns: Run[] = [
  { name: 'llm-111', row: llm111, spec: none },
  { name: 'zipf-1000', row: zipf1000, spec: none },
  { name: 'llm-111 top-p 0.9', row: llm111, spec: topP },
];
const nullCases = nullRuns.map(runCase);

describe(`statistical plan on the CPU sampler (${describeSeed()})`, () => {
  it('contract-following sampling passes the family at 1e-4 with ≥ 1e6 draws per distribution', () => {
    const fam = new HypothesisFamily();
    nullCases.forEach((c) => fam.add(c));
    const r = fam.evaluate();
    expect(r.summary).toMatchObject({ passed: true, rejected: 0, cases: 3, familyAlpha: 1e-4 });
    for (const c of r.cases) {
      expect(c.draws).toBeGreaterThanOrEqual(DRAWS);
      expect(c.seed).toMatch(/^0x[0-9a-f]{16}$/);
      // At 1e6 draws and alpha 1e-4/3 a biased sampler is caught once its TV reaches about one percent.
      expect(c.minDetectableTv).toBeGreaterThan(0.003);
      expect(c.minDetectableTv).toBeLessThan(0.015);
    }
    expect(r.cases[2]!.df).toBeLessThan(r.cases[0]!.df); // the nucleus drops tokens
  });

  describe('planted defects are rejected, the correct cases beside them are not', () => {
    const m = nullCases.length + 3;
    const n = DRAWS;
    // One token's mass moved to its neighbour, by the TV the family states for the row: the top token of llm-111 and
    // the token after it, both far above the merging threshold so the move is visible to the test.
    const stated = (() => {
      const probe = new HypothesisFamily();
      [...nullCases, ...nullCases.map((c) => ({ ...c, name: `${c.name}'` }))].forEach((c) => probe.add(c));
      return probe.evaluate().cases[0]!;
    })();
    const top = llm111.indexOf(Math.max(...llm111));
    const neighbour = top + 1 < llm111.length ? top + 1 : top - 1;
    const moved = llm111.slice();
    const tv = stated.minDetectableTv as number;
    moved[top] = Math.fround((moved[top] as number) - tv);
    moved[neighbour] = Math.fround((moved[neighbour] as number) + tv);

    const family = new HypothesisFamily();
    nullCases.forEach((c) => family.add(c));
    family.add(runCase({ name: 'u squared', row: llm111, spec: none, distortUniform: (u) => u * u }));
    family.add(runCase({ name: 'mass moved to neighbour', row: llm111, spec: none, sampledRow: moved }));
    family.add(runCase({ name: 'filter ignored', row: llm111, spec: topP, ignoreFilter: true }));
    const report = family.evaluate();
    const byName = new Map(report.cases.map((c) => [c.name, c]));

    it('states the TV at alpha 1e-4 / m for the family it is in', () => {
      expect(stated.detectionAlpha).toBe(1e-4 / m);
      expect(byName.get('llm-111')!.minDetectableTv).toBe(tv);
    });
    it('uniform squared (a wrong uniform transform) is rejected by Holm', () => {
      expect(byName.get('u squared')).toMatchObject({ rejected: true, reason: 'holm' });
    });
    it('mass moved between neighbours at the stated TV is rejected (predicted power ≥ 0.99)', () => {
      const expected = filteredDistribution(llm111, none);
      const actual = filteredDistribution(moved, none);
      let movedTv = 0;
      expected.forEach((e, i) => (movedTv += Math.abs(e - (actual[i] as number)) / 2));
      expect(movedTv).toBeCloseTo(tv, 5);
      const c = byName.get('mass moved to neighbour')!;
      expect(detectionPower({ n, df: c.df, alpha: 1e-4 / m, deviation: { expected, actual } })).toBeGreaterThanOrEqual(0.99);
      expect(c).toMatchObject({ rejected: true, reason: 'holm' });
    });
    it('a filter that is not applied draws outside the nucleus: a definite failure', () => {
      expect(byName.get('filter ignored')).toMatchObject({ rejected: true, reason: 'impossible-token' });
    });
    it('the correct cases in the same family still pass', () => {
      for (const c of nullCases) expect(byName.get(c.name)!.rejected).toBe(false);
      expect(report.summary).toMatchObject({ rejected: 3, passed: false, cases: m });
    });
  });
});
