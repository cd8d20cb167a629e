/**
 * The GPU blocks of a sampling family that launch small inputs: committed fixtures, the largest uniform, fast-check
 * rows, determinism and stream independence. Each launch is checked as its entry declares (sampling-expect.ts).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { ManifestEntry } from '../../src/manifest/index.ts';
import { batchArb, seedArb } from '../../src/fixtures/arbitraries.ts';
import { largestUniformPromise, sameTokens, streamIndependence } from '../../src/checks/index.ts';
import { filteredDistribution } from '../../src/reference/index.ts';
import { record } from '../../src/report/record.ts';
import { rowUniforms } from '../../src/rng/index.ts';
import { suiteSeed } from '../../src/stats/experiment/index.ts';
import { expectCheck } from './expect-check.ts';
import { filterSpecOf, type FilterParams } from './filter-of.ts';
import { describeGpu, gpuRunner } from './gpu.ts';
import { nucleusBoundaryRows, U_ONE_STREAM } from './edge-rows.ts';
import { casesFor, expectLaunchMatches, firstFailure, fixtureInputs, noteNotApplicable } from './sampling-expect.ts';
import { inputKindOf, repeatedRows, rowsFor, type NamedRows } from './sampling-inputs.ts';
import { runSampling, samplingWeights } from './sampling-run.ts';
import type { SamplingFamily } from './sampling-suite.ts';

type Entries = () => ManifestEntry[];

/** fast-check runs per entry: each run launches every parameter case once (small rows, so launches dominate). */
const FC_RUNS = 25;

export function fixturesBlock(spec: SamplingFamily, entries: Entries): void {
  describeGpu(`${spec.family}: valid token range, filter guarantees and exact replay on committed fixtures`, () => {
    it('every committed fixture, saved regression and parameter case', async () => {
      const runner = await gpuRunner();
      const seed = suiteSeed(`${spec.family}/fixtures`);
      let launched = 0;
      for (const e of entries()) {
        noteNotApplicable(e);
        for (const input of fixtureInputs(e)) {
          for (const params of casesFor(spec.cases, e, input.rows.vocab, input.rows.batch)) {
            expectLaunchMatches(e, input, params, seed, 3n, await runSampling(runner, e, input.rows, params, seed, 3n));
            launched++;
          }
        }
      }
      expect(launched, 'no launch: no entry, fixture or parameter case').toBeGreaterThan(0);
    });
  });
}

/** Two copies of one row (a logit row for logit kernels), the first drawing u = 1 from U_ONE_STREAM. */
export function largestUniformRows(entry: ManifestEntry): NamedRows {
  const one = inputKindOf(entry) === 'logits' ? Float32Array.of(2, 1, 0.5, 0, -1, -Infinity) : (nucleusBoundaryRows()[1] as Float32Array);
  const rows = { data: new Float32Array(2 * one.length), batch: 2, vocab: one.length };
  rows.data.set(one, 0);
  rows.data.set(one, one.length);
  return { name: 'u = 1 on row 0', rows: rowsFor(entry, rows) };
}

export function largestUniformBlock(spec: SamplingFamily, entries: Entries): void {
  describeGpu(`${spec.family}: valid token range, filter guarantees and exact replay at the largest uniform (u = 1)`, () => {
    it('row 0 draws u = 1 (target = M): the last eligible token, never one past the end', async (ctx) => {
      const runner = await gpuRunner();
      const { seed, offset } = U_ONE_STREAM;
      // the stream is what it claims: Philox output `offset` of (seed, subsequence 0) converts to exactly 1
      expect(rowUniforms(seed, offset, 1)[0]).toBe(1);
      let launched = 0;
      for (const e of entries()) {
        const promise = largestUniformPromise(e);
        if (promise.kind === 'none') {
          record.notApplicable({ kernel: e.name, check: promise.check, declared: promise.declared });
          continue;
        }
        const input = largestUniformRows(e);
        for (const params of casesFor(spec.cases, e, input.rows.vocab, input.rows.batch)) {
          const launch = await runSampling(runner, e, input.rows, params, seed, offset);
          if (launch.uniforms !== null) expect(launch.uniforms[0], `${e.name}: the uniforms written for row 0`).toBe(1);
          expectLaunchMatches(e, input, params, seed, offset, launch);
          launched++;
        }
      }
      if (launched === 0) ctx.skip('not applicable: every entry draws its own uniforms (rng.mode = seeded)');
    });
  });
}

export function fastCheckBlock(spec: SamplingFamily, entries: Entries): void {
  describeGpu(`${spec.family}: valid token range, filter guarantees and exact replay on generated rows`, () => {
    it('fast-check batches (adversarial values included) and seeds', async () => {
      const runner = await gpuRunner();
      let properties = 0;
      for (const e of entries()) {
        const kind = inputKindOf(e);
        const arb = fc.tuple(batchArb({ kind, minBatch: 1, maxBatch: 16, maxVocab: 300, ...(kind === 'probs' ? { row: { invalid: true } } : {}) }), seedArb(), fc.nat({ max: 1 << 20 }));
        const property = fc.asyncProperty(arb, async ([generated, seed, off]) => {
          const input = { name: 'fast-check', rows: rowsFor(e, generated) };
          for (const params of casesFor(spec.cases, e, input.rows.vocab, input.rows.batch)) {
            const launch = await runSampling(runner, e, input.rows, params, seed, BigInt(off));
            if (firstFailure(e, input, params, seed, BigInt(off), launch) !== undefined) return false;
          }
          return true;
        });
        // fast-check's seed is derived like every other seed, so SAMPLING_SEED replays the same batches
        const out = await fc.check(property, { numRuns: FC_RUNS, seed: Number(suiteSeed(`${spec.family}/fast-check/${e.name}`) & 0x7fffffffn) });
        if (out.failed && out.counterexample !== null) {
          // rerun the shrunk counterexample with reporting on: findings, saved rows, fast-check seed and path
          const [generated, seed, off] = out.counterexample[0];
          const input = { name: 'fast-check counterexample', rows: rowsFor(e, generated) };
          for (const params of casesFor(spec.cases, e, input.rows.vocab, input.rows.batch)) {
            expectLaunchMatches(e, input, params, seed, BigInt(off), await runSampling(runner, e, input.rows, params, seed, BigInt(off)), { fcSeed: out.seed, fcPath: out.counterexamplePath ?? '' });
          }
        }
        expect(out.failed, `${e.name}: fast-check failed (seed ${out.seed}, path ${out.counterexamplePath}) but the rerun passed: a flaky kernel`).toBe(false);
        properties++;
      }
      expect(properties).toBeGreaterThan(0);
    });
  });
}

/**
 * The scalar case whose distribution of the repeated row is most spread (smallest Σp²): stream independence is
 * then testable on 256 copies of the row. Per-row cases are left out: their rows would not share one distribution.
 */
function mostSpreadCase(spec: SamplingFamily, entry: ManifestEntry, row: NamedRows['rows'], batch: number): { params: FilterParams; probs: Float64Array } {
  const weights = samplingWeights(entry, row, {}).data;
  let best: { params: FilterParams; probs: Float64Array; collision: number } | null = null;
  for (const params of casesFor(spec.cases, entry, row.vocab, batch).filter((p) => Object.values(p).every((v) => typeof v === 'number'))) {
    const w = inputKindOf(entry) === 'logits' ? samplingWeights(entry, row, params).data : weights;
    const probs = filteredDistribution(w, filterSpecOf(entry, params));
    const collision = probs.reduce((s, p) => s + p * p, 0);
    if (best === null || collision < best.collision) best = { params, probs, collision };
  }
  if (best === null) throw new RangeError(`${entry.name}: no scalar parameter case to test stream independence with`);
  return best;
}

export function determinismBlock(spec: SamplingFamily, entries: Entries): void {
  describeGpu(`${spec.family}: determinism`, () => {
    const vocab = 4099;
    it('same (seed, offset) → identical tokens across launches and across batch compositions', async () => {
      const runner = await gpuRunner();
      let compared = 0;
      for (const e of entries()) {
        const input = rowsFor(e, repeatedRows(inputKindOf(e), 64, vocab, 'determinism'));
        const params = casesFor(spec.cases, e, vocab, 64)[0] ?? {};
        const seed = suiteSeed(`${spec.family}/determinism/${e.name}`);
        const a = await runSampling(runner, e, input, params, seed, 5n);
        const b = await runSampling(runner, e, input, params, seed, 5n);
        expectCheck(sameTokens(a.token, b.token), { kernel: e.name, reproduce: { seed, offset: 5n }, scope: 'universal' });
        // same rows at the same indices, different neighbours: even rows replaced by another seeded row
        const other = rowsFor(e, repeatedRows(inputKindOf(e), 64, vocab, 'determinism-neighbours'));
        const mixed = input.data.slice();
        for (let r = 0; r < 64; r += 2) mixed.set(other.data.subarray(r * vocab, (r + 1) * vocab), r * vocab);
        const c = await runSampling(runner, e, { data: mixed, batch: 64, vocab }, params, seed, 5n);
        const odd = (t: Float64Array): Float64Array => t.filter((_t, r) => r % 2 === 1);
        expectCheck(sameTokens(odd(a.token), odd(c.token)), { kernel: e.name, case: 'odd rows, new neighbours', reproduce: { seed, offset: 5n }, scope: 'universal' });
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    });
    it('different seeds or offsets → different streams; identical rows at different indices are independent', async () => {
      const runner = await gpuRunner();
      let compared = 0;
      for (const e of entries()) {
        const input = rowsFor(e, repeatedRows(inputKindOf(e), 256, vocab, 'streams'));
        const { params, probs } = mostSpreadCase(spec, e, { data: input.data.subarray(0, vocab), batch: 1, vocab }, 256);
        const seed = suiteSeed(`${spec.family}/streams/${e.name}`);
        const base = await runSampling(runner, e, input, params, seed, 0n);
        const otherSeed = await runSampling(runner, e, input, params, seed ^ 1n, 0n);
        const otherOffset = await runSampling(runner, e, input, params, seed, 4n);
        expectCheck(streamIndependence({ base: base.token, otherSeed: otherSeed.token, otherOffset: otherOffset.token }, probs), { kernel: e.name, reproduce: { seed, offset: 0n }, scope: 'universal' });
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    });
  });
}
