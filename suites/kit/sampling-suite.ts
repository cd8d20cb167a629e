/**
 * The guarantees of issue 5 for one family of sampling kernels, as describe blocks named after them. CPU blocks
 * (CI): the manifest declares the family, the oracle is consistent on committed fixtures and saved regressions,
 * and bad parameters are rejected before launch. GPU blocks: valid token range, filter guarantees, exact replay,
 * determinism, chi-square agreement and the watchdog budget.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveLaunch, type KernelFamily, type ManifestEntry } from '../../src/manifest/index.ts';
import { batchArb, seedArb } from '../../src/fixtures/arbitraries.ts';
import { suiteSeed } from '../../src/stats/experiment/index.ts';
import { sameTokens } from '../../src/checks/index.ts';
import { record } from '../../src/report/record.ts';
import { chiSquareBlock } from './chi-square-suite.ts';
import { DISTINCT_ROWS, firstRows, replicateRows, type DeviceRows } from './device-rows.ts';
import { paramsLabel as label, type FilterParams } from './filter-of.ts';
import { describeGpu, gpuRunner } from './gpu.ts';
import { bindCall, callKernel, launchedMs, type KernelCall } from './kernel-call.ts';
import { bindOptions, BUDGET_MS, entriesOf, launchBudgetMs } from './manifest.ts';
import { budgetLaunch, overBudget } from './budget-launch.ts';
import { expectCheck } from './expect-check.ts';
import { edgeInputs, nucleusBoundaryRows, U_ONE_STREAM } from './edge-rows.ts';
import { replicatedSamplingChecks } from './replicated-checks.ts';
import { trapRunner } from './test-runners.ts';
import { committedInputs, distinctRows, inputKindOf, regressionInputs, repeatedRows, type InputKind, type NamedRows } from './sampling-inputs.ts';
import { guaranteeChecks, referenceFor, replay, runSampling, samplingCall, samplingCallOn, type SamplingLaunch } from './sampling-run.ts';

export interface SamplingFamily {
  readonly family: KernelFamily;
  /** Parameter cases every entry runs (scalars and per-row arrays; per-row arrays are built per batch). */
  readonly cases: (vocab: number, batch: number) => readonly FilterParams[];
  /** Bad parameter values that must be rejected before launch, with the message they must produce. */
  readonly badParams: readonly (readonly [string, FilterParams, RegExp])[];
  /** One row of this vocab is used for chi-square (≥ 1e6 draws per case). */
  readonly chiSquareVocab: number;
}

export const FLASHINFER_BATCHES = [1, 99, 989] as const;
export const FLASHINFER_VOCABS = [111, 32000, 128256] as const;
/** LLM vocabularies beyond the FlashInfer grid (Qwen, Gemma) at serving batch sizes. */
const EXTRA_SHAPES: readonly [number, number][] = [[99, 151936], [1024, 256000]];
/** fast-check runs per entry: each run launches every parameter case once (small rows, so launches dominate). */
const FC_RUNS = 25;

const rerun = (family: string): string => `npx vitest run suites/${family}`;

/** Checks of one launch against the reference; failing rows are saved as regressions. */
function expectLaunchMatches(entry: ManifestEntry, input: NamedRows, params: FilterParams, seed: bigint, offset: bigint, launch: SamplingLaunch, fcRepro?: { fcSeed: number; fcPath: string }): void {
  const reproduce = { seed, offset, command: rerun(entry.family), ...(fcRepro ?? {}) };
  const failing = { rows: input.rows, kind: inputKindOf(entry), params: { kernel: entry.name, input: input.name, seed: String(seed), offset: String(offset), params: label(params) } } as const;
  const caseName = `${input.name} (${label(params)})`;
  for (const c of guaranteeChecks(entry, input.rows, params, launch)) expectCheck(c, { kernel: entry.name, case: caseName, reproduce, failing });
  const r = replay(entry, launch, referenceFor(entry, input.rows, params, seed, offset));
  record.replay({ kernel: entry.name, rows: input.rows.batch, exact: r.exact, nearBoundary: r.nearBoundary, mismatches: r.result.detail.findings.length });
  if (r.nearBoundary > 0) console.log(`[replay] ${entry.name} ${input.name}: ${r.nearBoundary} near-boundary row(s) of ${input.rows.batch}`);
  expectCheck(r.result, { kernel: entry.name, case: caseName, reproduce, failing });
}

export function samplingSuite(spec: SamplingFamily): void {
  // the topk family also holds the mask-logits kernels; those are verified as transforms, not samplers
  const entries = (): ManifestEntry[] => entriesOf(spec.family).filter((e) => e.reference.op === 'sample' || e.reference.op === 'sample-logits');

  describe(`${spec.family}: manifest`, () => {
    it('declares at least one kernel of the family, each with one uniform per row and a launch for every shape', () => {
      for (const e of entries()) {
        expect(e.rng, `${e.name}.rng`).toEqual({ uniformsPerRow: 1, subsequence: 'row' });
        for (const batch of FLASHINFER_BATCHES) for (const vocab of FLASHINFER_VOCABS) expect(resolveLaunch(e, { batch, vocab }).grid).toBeGreaterThan(0);
      }
    });
  });

  describe(`${spec.family}: oracle consistency (the reference passes its own checks)`, () => {
    const seed = 0x5eedn;
    it('on every committed fixture and saved regression, for every parameter case', () => {
      for (const e of entries()) {
        for (const input of [...committedInputs(inputKindOf(e)), ...regressionInputs(inputKindOf(e)), ...edgeInputs(inputKindOf(e))]) {
          for (const params of spec.cases(input.rows.vocab, input.rows.batch)) {
            const want = referenceFor(e, input.rows, params, seed, 0n);
            const asLaunch = { token: Int32Array.from(want, (w) => w.token), valid: Int32Array.from(want, (w) => (w.valid ? 1 : 0)), ms: 0 };
            for (const c of guaranteeChecks(e, input.rows, params, asLaunch)) {
              expectCheck(c, { kernel: e.name, case: `reference on ${input.name} (${label(params)})`, recordResult: false });
            }
          }
        }
      }
    });
  });

  describe(`${spec.family}: parameter validation`, () => {
    const rows = { data: new Float32Array(2 * 8).fill(0.125), batch: 2, vocab: 8 };
    const cases: [string, (e: ManifestEntry) => KernelCall, RegExp][] = [
      ...spec.badParams.map(([what, p, msg]) => [what, (e: ManifestEntry) => samplingCall(e, rows, p, 1n, 0n), msg] as [string, (e: ManifestEntry) => KernelCall, RegExp]),
      ['a negative seed', (e) => samplingCall(e, rows, spec.cases(8, 2)[0] ?? {}, -1n, 0n), /seed.*\[0, 2\^64 - 1\]/],
      ['a seed ≥ 2^64', (e) => samplingCall(e, rows, spec.cases(8, 2)[0] ?? {}, 1n << 64n, 0n), /seed.*\[0, 2\^64 - 1\]/],
      ['an offset ≥ 2^64', (e) => samplingCall(e, rows, spec.cases(8, 2)[0] ?? {}, 1n, 1n << 64n), /offset.*\[0, 2\^64 - 1\]/],
      ['vocab 0', (e) => ({ ...samplingCall(e, rows, spec.cases(8, 2)[0] ?? {}, 1n, 0n), vocab: 0 }), /vocab must be an integer in \[1/],
      ['rows shorter than batch × vocab', (e) => ({ ...samplingCall(e, rows, spec.cases(8, 2)[0] ?? {}, 1n, 0n), batch: 3 }), /must have 24 elements/],
    ];
    it.each(cases)('rejects %s before launch (the runner is never reached)', async (_what, build, message) => {
      for (const e of entries()) {
        const runner = trapRunner();
        await expect(callKernel(runner, e, build(e), bindOptions())).rejects.toThrow(message);
        expect(runner.calls, e.name).toEqual([]);
      }
    });
  });

  describeGpu(`${spec.family}: valid token range, filter guarantees and exact replay on committed fixtures`, () => {
    it('every committed fixture, saved regression and parameter case', async () => {
      const runner = await gpuRunner();
      const seed = suiteSeed(`${spec.family}/fixtures`);
      for (const e of entries()) {
        for (const input of [...committedInputs(inputKindOf(e)), ...regressionInputs(inputKindOf(e)), ...edgeInputs(inputKindOf(e))]) {
          for (const params of spec.cases(input.rows.vocab, input.rows.batch)) {
            expectLaunchMatches(e, input, params, seed, 3n, await runSampling(runner, e, input.rows, params, seed, 3n));
          }
        }
      }
    });
  });

  describeGpu(`${spec.family}: valid token range, filter guarantees and exact replay at the largest uniform (u = 1)`, () => {
    it('row 0 draws u = 1 (target = M): the last eligible token, never one past the end', async () => {
      const runner = await gpuRunner();
      const { seed, offset } = U_ONE_STREAM;
      for (const e of entries()) {
        const one = inputKindOf(e) === 'logits' ? Float32Array.of(2, 1, 0.5, 0, -1, -Infinity) : (nucleusBoundaryRows()[1] as Float32Array);
        const rows = { data: new Float32Array(2 * one.length), batch: 2, vocab: one.length };
        rows.data.set(one, 0);
        rows.data.set(one, one.length);
        const input: NamedRows = { name: 'u = 1 on row 0', rows };
        for (const params of spec.cases(rows.vocab, rows.batch)) {
          expectLaunchMatches(e, input, params, seed, offset, await runSampling(runner, e, rows, params, seed, offset));
        }
      }
    });
  });

  describeGpu(`${spec.family}: valid token range, filter guarantees and exact replay on generated rows`, () => {
    it('fast-check batches (adversarial values included) and seeds', async () => {
      const runner = await gpuRunner();
      const kind = inputKindOf(entries()[0] as ManifestEntry);
      for (const e of entries()) {
        const arb = fc.tuple(batchArb({ kind: kind === 'probs' ? 'probs' : 'logits', minBatch: 1, maxBatch: 16, maxVocab: 300, ...(kind === 'probs' ? { row: { invalid: true } } : {}) }), seedArb(), fc.nat({ max: 1 << 20 }));
        const property = fc.asyncProperty(arb, async ([rows, seed, off]) => {
          for (const params of spec.cases(rows.vocab, rows.batch)) {
            const launch = await runSampling(runner, e, rows, params, seed, BigInt(off));
            const want = referenceFor(e, rows, params, seed, BigInt(off));
            const bad = [...guaranteeChecks(e, rows, params, launch), replay(e, launch, want).result].find((c) => !c.ok);
            if (bad !== undefined) return false;
          }
          return true;
        });
        // fast-check's seed is derived like every other seed, so SAMPLING_SEED replays the same batches
        const out = await fc.check(property, { numRuns: FC_RUNS, seed: Number(suiteSeed(`${spec.family}/fast-check/${e.name}`) & 0x7fffffffn) });
        if (out.failed && out.counterexample !== null) {
          // rerun the shrunk counterexample with reporting on: findings, saved rows, fast-check seed and path
          const [rows, seed, off] = out.counterexample[0];
          for (const params of spec.cases(rows.vocab, rows.batch)) {
            expectLaunchMatches(e, { name: 'fast-check counterexample', rows }, params, seed, BigInt(off), await runSampling(runner, e, rows, params, seed, BigInt(off)), { fcSeed: out.seed, fcPath: out.counterexamplePath ?? '' });
          }
        }
        expect(out.failed, `${e.name}: fast-check failed (seed ${out.seed}, path ${out.counterexamplePath}) but the rerun passed: a flaky kernel`).toBe(false);
      }
    });
  });

  describeGpu(`${spec.family}: determinism`, () => {
    const vocab = 4099;
    it('same (seed, offset) → identical tokens across launches and across batch compositions', async () => {
      const runner = await gpuRunner();
      for (const e of entries()) {
        const input = repeatedRows(inputKindOf(e), 64, vocab, 'determinism');
        const params = spec.cases(vocab, 64)[0] ?? {};
        const seed = suiteSeed(`${spec.family}/determinism/${e.name}`);
        const a = await runSampling(runner, e, input, params, seed, 5n);
        const b = await runSampling(runner, e, input, params, seed, 5n);
        expectCheck(sameTokens(a.token, b.token), { kernel: e.name, reproduce: { seed, offset: 5n } });
        // same rows at the same indices, different neighbours: even rows replaced by another seeded row
        const other = repeatedRows(inputKindOf(e), 64, vocab, 'determinism-neighbours');
        const mixed = input.data.slice();
        for (let r = 0; r < 64; r += 2) mixed.set(other.data.subarray(r * vocab, (r + 1) * vocab), r * vocab);
        const c = await runSampling(runner, e, { data: mixed, batch: 64, vocab }, params, seed, 5n);
        const oddA = a.token.filter((_t, r) => r % 2 === 1);
        const oddC = c.token.filter((_t, r) => r % 2 === 1);
        expectCheck(sameTokens(oddA, oddC), { kernel: e.name, case: 'odd rows, new neighbours', reproduce: { seed, offset: 5n } });
      }
    });
    it('different seeds or offsets → different streams; identical rows at different indices are independent', async () => {
      const runner = await gpuRunner();
      for (const e of entries()) {
        const input = repeatedRows(inputKindOf(e), 256, vocab, 'streams');
        const params: FilterParams = spec.cases(vocab, 256).at(-1) ?? {};
        const seed = suiteSeed(`${spec.family}/streams/${e.name}`);
        const base = await runSampling(runner, e, input, params, seed, 0n);
        const seed2 = await runSampling(runner, e, input, params, seed ^ 1n, 0n);
        const off2 = await runSampling(runner, e, input, params, seed, 4n);
        const distinct = new Set(base.token).size;
        const same = (x: Int32Array): number => x.reduce((n, t, r) => n + (t === base.token[r] ? 1 : 0), 0);
        // 256 identical rows share one token only if the distribution is (nearly) a point mass; then skip the claim
        if (distinct > 1) {
          expect(same(seed2.token), `${e.name}: seed ${seed} vs ${seed ^ 1n} gave the same 256 tokens`).toBeLessThan(256);
          expect(same(off2.token), `${e.name}: offset 0 vs 4 gave the same 256 tokens`).toBeLessThan(256);
        }
      }
    });
  });

  chiSquareBlock(spec, entries);

  describeGpu(`${spec.family}: watchdog budget`, () => {
    const shapes: [number, number][] = [...FLASHINFER_BATCHES.flatMap((b) => FLASHINFER_VOCABS.map((v): [number, number] => [b, v])), ...EXTRA_SHAPES];
    it.each(shapes)(`batch %i × vocab %i: every launch under its budget (the kernel's own, else ${BUDGET_MS} ms), every row's token and flag`, async (batch, vocab) => {
      const runner = await gpuRunner();
      // one device input per row kind and shape, shared by every entry of the family
      const inputs = new Map<InputKind, DeviceRows>();
      try {
        for (const e of entries()) {
          const kind = inputKindOf(e);
          let rows = inputs.get(kind);
          if (rows === undefined) inputs.set(kind, (rows = await replicateRows(runner, distinctRows(kind, Math.min(batch, DISTINCT_ROWS), vocab, 'watchdog'), batch)));
          const params = spec.cases(vocab, batch).at(-1) ?? {};
          const seed = suiteSeed(`${spec.family}/watchdog/${e.name}`);
          const reproduce = { seed, offset: 0n, command: rerun(spec.family) };
          const bound = await bindCall(runner, e, samplingCallOn(e, rows.handle, { batch, vocab }, params, seed, 0n), bindOptions());
          try {
            const budgetMs = launchBudgetMs(e, { batch, vocab });
            const timing = await budgetLaunch(bound, budgetMs);
            const ms = timing.ms;
            record.timing({ kernel: e.name, batch, vocab, ms, budgetMs, bytes: batch * vocab * 4 + 8 * batch });
            expect(ms, overBudget(e.name, batch, vocab, budgetMs, timing)).toBeLessThan(budgetMs);
            const token = (await bound.read('token')) as Int32Array;
            const valid = (await bound.read('valid')) as Int32Array;
            for (const c of replicatedSamplingChecks(rows, kind, token, valid)) expectCheck(c, { kernel: e.name, case: `${batch}×${vocab}`, reproduce });
            // the distinct rows themselves (rows 0..n-1 of the launch): filter guarantees and exact replay
            const n = rows.block.batch;
            const block: NamedRows = { name: `watchdog ${batch}×${vocab}, rows 0..${n - 1}`, rows: rows.block };
            expectLaunchMatches(e, block, firstRows(params, n), seed, 0n, { token: token.slice(0, n), valid: valid.slice(0, n), ms });
          } finally {
            await bound.free();
          }
        }
      } finally {
        for (const r of inputs.values()) await runner.free(r.handle).catch(() => undefined); // lost with a killed worker
      }
    });
  });
}
