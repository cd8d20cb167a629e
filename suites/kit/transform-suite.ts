/**
 * Guarantees of the row-transform kernels (softmax, prefix sum, temperature, renorm, top-k mask), each held to what
 * its manifest entry declares (transform-contracts.ts): its valid-flag policy or none, its invalid rows, its tie
 * policy, its element type and only the parameters it has. CPU blocks: the manifest declares a launch for every
 * FlashInfer shape, the reference passes its own checks on every input the GPU blocks use, and bad parameters are
 * rejected before launch. GPU blocks: the same three input sources as the sampling families (committed fixtures and
 * saved regressions, edge rows, fast-check rows including rows sparse across 2048-entry tiles) through the kernel,
 * every split factor the kernel supports (split-replay.ts), and the FlashInfer grid timed against the watchdog budget.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/errors.ts';
import { batchArb } from '../../src/fixtures/arbitraries.ts';
import { sparseBatchArb } from '../../src/fixtures/sparse-rows-arb.ts';
import { PROBE_MULTIPROCESSORS, resolveStages, type KernelFamily, type LaunchShape, type ManifestEntry } from '../../src/manifest/index.ts';
import { suiteSeed } from '../../src/stats/experiment/index.ts';
import type { RowBatch } from '../../src/types.ts';
import { expectCheck } from './expect-check.ts';
import { acceptsParams, paramsLabel, type FilterParams } from './filter-of.ts';
import { describeGpu, gpuRunner } from './gpu.ts';
import { callKernel, type KernelCall } from './kernel-call.ts';
import { bindOptions, entriesOf } from './manifest.ts';
import { casesFor, fixtureInputs } from './sampling-expect.ts';
import { inputKindOf, rowsFor, type InputKind } from './sampling-inputs.ts';
import { splitTransformBlock } from './split-replay.ts';
import { trapRunner } from './test-runners.ts';
import { transformContractOf, type TransformOp } from './transform-contracts.ts';
import { expectTransform, noteTransformNotApplicable, runTransform, transformCall, transformHolds, TRANSFORM_SHAPES } from './transform-run.ts';
import { transformWatchdogBlock } from './transform-watchdog.ts';
import { fullBatteryEntries } from './variants.ts';

export type { TransformOutput } from './transform-contracts.ts';
export { TRANSFORM_SHAPES } from './transform-run.ts';

export interface TransformFamily {
  readonly family: KernelFamily;
  /** Which entries of the family this suite covers (the topk family also holds samplers). */
  readonly op: TransformOp;
  /** Narrows further, e.g. to one reference filter. */
  readonly select?: (entry: ManifestEntry) => boolean;
  /** Parameter cases; an entry runs those it can take (filter-of.ts acceptsParams). */
  readonly cases: (vocab: number, batch: number) => readonly FilterParams[];
  readonly badParams: readonly (readonly [string, FilterParams, RegExp])[];
}

/** fast-check runs per entry: each run launches every parameter case once. */
const FC_RUNS = 25;
/** fast-check runs per entry of the CPU oracle block (the reference only: cheap). */
const ORACLE_FC_RUNS = 25;

/**
 * What is wrong with the manifest's description of these transforms: randomness declared, or a FlashInfer shape
 * without a launch — some stage's rule throws or leaves the grid empty on a device of any of the probed sizes
 * (PROBE_MULTIPROCESSORS: a rule may read `multiprocessors`). Empty when the manifest keeps its promise.
 */
export function transformManifestProblems(entries: readonly ManifestEntry[], shapes: readonly LaunchShape[] = TRANSFORM_SHAPES): string[] {
  const problems: string[] = [];
  for (const e of entries) {
    if ((e.rng ?? null) !== null) problems.push(`${e.name}: declares rng ${JSON.stringify(e.rng)}, but a row transform draws no random numbers`);
    for (const shape of shapes) {
      try {
        for (const multiprocessors of PROBE_MULTIPROCESSORS) {
          for (const stage of resolveStages(e, shape, { multiprocessors })) {
            if (!(stage.grid >= 1)) throw new RangeError(`launch.grid ${stage.grid} with ${multiprocessors} multiprocessors`);
          }
        }
      } catch (err) {
        problems.push(`${e.name} ${shape.batch}×${shape.vocab}: no launch (${errorMessage(err)})`);
      }
    }
  }
  return problems;
}

/** Short rows with adversarial values (invalid entries, ±inf) and wide rows sparse across 2048-entry tiles. */
function transformRowsArb(kind: InputKind): fc.Arbitrary<RowBatch<Float32Array>> {
  const row = kind === 'probs' ? { invalid: true } : { posInf: true };
  return fc.oneof(batchArb({ kind, minBatch: 1, maxBatch: 16, maxVocab: 300, row }), sparseBatchArb({ kind, maxBatch: 4, row }));
}

const fcSeed = (family: string, entry: ManifestEntry, what: string): number => Number(suiteSeed(`${family}/${what}/${entry.name}`) & 0x7fffffffn);

export function transformSuite(spec: TransformFamily): void {
  const entries = (): ManifestEntry[] => entriesOf(spec.family).filter((e) => e.reference.op === spec.op && (spec.select?.(e) ?? true));
  const cases = (e: ManifestEntry, vocab: number, batch: number): FilterParams[] => casesFor(spec.cases, e, vocab, batch);

  describe(`${spec.family} (${spec.op}${spec.select ? ', selected' : ''}): manifest`, () => {
    it(`declares at least one ${spec.op} kernel, without randomness, with a launch for every FlashInfer shape`, () => {
      expect(entries().length).toBeGreaterThan(0);
      expect(transformManifestProblems(entries())).toEqual([]);
    });
  });

  oracleBlock(spec, entries, cases);
  validationBlock(spec, entries, cases);

  describeGpu(`${spec.family}: guarantees on committed fixtures, saved regressions and edge rows`, () => {
    it('every fixture, edge row and parameter case', async () => {
      expect.hasAssertions();
      const runner = await gpuRunner();
      let launched = 0;
      for (const e of entries()) {
        noteTransformNotApplicable(e);
        for (const input of fixtureInputs(e)) {
          for (const params of cases(e, input.rows.vocab, input.rows.batch)) {
            expectTransform(e, input, params, await runTransform(runner, e, input.rows, params, bindOptions()));
            launched++;
          }
        }
      }
      expect(launched, 'no launch: no entry, fixture or parameter case').toBeGreaterThan(0);
    });
  });

  describeGpu(`${spec.family}: guarantees on generated rows`, () => {
    it('fast-check batches (invalid entries, ±inf, rows sparse across 2048-entry tiles)', async () => {
      expect.hasAssertions();
      const runner = await gpuRunner();
      for (const e of fullBatteryEntries(entries())) {
        const holds = async (rows: RowBatch<Float32Array>): Promise<boolean> => {
          for (const params of cases(e, rows.vocab, rows.batch)) if (!transformHolds(e, rows, params, await runTransform(runner, e, rows, params, bindOptions()))) return false;
          return true;
        };
        const property = fc.asyncProperty(transformRowsArb(inputKindOf(e)), (generated) => holds(rowsFor(e, generated)));
        const out = await fc.check(property, { numRuns: FC_RUNS, seed: fcSeed(spec.family, e, 'fast-check') });
        if (out.failed && out.counterexample !== null) {
          // rerun the shrunk counterexample with reporting on: findings, saved rows, fast-check seed and path
          const input = { name: 'fast-check counterexample', rows: rowsFor(e, out.counterexample[0]) };
          for (const params of cases(e, input.rows.vocab, input.rows.batch)) {
            expectTransform(e, input, params, await runTransform(runner, e, input.rows, params, bindOptions()), { fcSeed: out.seed, fcPath: out.counterexamplePath ?? '' });
          }
        }
        expect(out.failed, `${e.name}: fast-check failed (seed ${out.seed}, path ${out.counterexamplePath}${out.errorInstance ? `, ${String(out.errorInstance)}` : ''}) but the rerun passed: a flaky kernel`).toBe(false);
        expect(out.numRuns, `${e.name}: fast-check runs`).toBe(FC_RUNS);
      }
    });
  });

  // element-type variants run the lighter battery of variants.ts
  splitTransformBlock(spec.family, () => fullBatteryEntries(entries()), cases);
  transformWatchdogBlock(spec.family, entries, cases);
}

type Cases = (e: ManifestEntry, vocab: number, batch: number) => FilterParams[];

/** The reference passes its own contract on every input the GPU blocks use: a failure here is the oracle's. */
function oracleBlock(spec: TransformFamily, entries: () => ManifestEntry[], cases: Cases): void {
  describe(`${spec.family}: oracle consistency (the reference passes its own checks)`, () => {
    const expectReference = (e: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams, what: string): number => {
      const contract = transformContractOf(e);
      const checks = contract.checks(e, rows, params, contract.reference(e, rows, params));
      for (const c of checks) expectCheck(c.result, { kernel: e.name, case: `reference on ${what} (${paramsLabel(params)})`, recordResult: false });
      return checks.length;
    };
    it('on every committed fixture, saved regression and edge row, for every parameter case', () => {
      let checked = 0;
      for (const e of entries()) {
        for (const input of fixtureInputs(e)) for (const params of cases(e, input.rows.vocab, input.rows.batch)) checked += expectReference(e, input.rows, params, input.name);
      }
      expect(checked, 'no check ran: no entry, input or parameter case').toBeGreaterThan(0);
    });
    it('on fast-check rows (invalid entries, ±inf, rows sparse across 2048-entry tiles)', async () => {
      expect.hasAssertions();
      for (const e of entries()) {
        const contract = transformContractOf(e);
        const holds = (rows: RowBatch<Float32Array>): boolean => cases(e, rows.vocab, rows.batch).every((p) => transformHolds(e, rows, p, contract.reference(e, rows, p)));
        const property = fc.property(transformRowsArb(inputKindOf(e)), (generated) => holds(rowsFor(e, generated)));
        const out = await fc.check(property, { numRuns: ORACLE_FC_RUNS, seed: fcSeed(spec.family, e, 'oracle-fast-check') });
        if (out.failed && out.counterexample !== null) {
          const rows = rowsFor(e, out.counterexample[0]);
          for (const params of cases(e, rows.vocab, rows.batch)) expectReference(e, rows, params, `a fast-check counterexample, fast-check seed ${out.seed} path ${out.counterexamplePath}`);
        }
        expect(out.failed, `${e.name}: the reference failed on fast-check rows (seed ${out.seed}, path ${out.counterexamplePath}${out.errorInstance ? `, ${String(out.errorInstance)}` : ''})`).toBe(false);
        expect(out.numRuns, `${e.name}: fast-check runs`).toBe(ORACLE_FC_RUNS);
      }
    });
  });
}

/** Bad parameters are rejected before launch, for every entry that has the parameter; the others are a skip that says so. */
function validationBlock(spec: TransformFamily, entries: () => ManifestEntry[], cases: Cases): void {
  describe(`${spec.family}: parameter validation`, () => {
    const rows = { data: new Float32Array(16).fill(0.125), batch: 2, vocab: 8 };
    const base = (e: ManifestEntry): FilterParams => cases(e, 8, 2)[0] ?? {};
    type Build = (e: ManifestEntry) => KernelCall | null;
    const bad: [string, Build, RegExp][] = [
      ...spec.badParams.map(([what, p, msg]): [string, Build, RegExp] => [what, (e) => (acceptsParams(e, p) ? transformCall(e, rows, rows.data, p) : null), msg]),
      ['batch 0', (e) => ({ ...transformCall(e, rows, rows.data, base(e)), batch: 0 }), /batch must be an integer in \[1/],
      ['vocab above 2^21 - 1', (e) => ({ ...transformCall(e, rows, rows.data, base(e)), vocab: 2 ** 21 }), /vocab must be an integer in \[1, 2097151\]/],
      ['rows shorter than batch × vocab', (e) => ({ ...transformCall(e, rows, rows.data, base(e)), batch: 3 }), /must have 24 elements/],
    ];
    it.for(bad)('rejects %s before launch (the runner is never reached)', async ([what, build, message], ctx) => {
      const without: string[] = [];
      for (const e of entries()) {
        const call = build(e);
        if (call === null) {
          without.push(e.name);
          continue;
        }
        const runner = trapRunner();
        await expect(callKernel(runner, e, call, bindOptions())).rejects.toThrow(message);
        expect(runner.calls, e.name).toEqual([]);
      }
      if (without.length === entries().length) ctx.skip(`not applicable: no entry of the family can be given ${what} (${without.join(', ')}: no such parameter)`);
    });
  });
}
