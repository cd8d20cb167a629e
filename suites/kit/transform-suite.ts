/**
 * Guarantees of the row-transform kernels (softmax, prefix sum, temperature, renorm, top-k mask), held to their
 * contract (transform-contracts.ts). CPU blocks: the manifest declares a launch for every FlashInfer shape, the
 * reference passes its own checks on every input the GPU blocks use, and bad parameters are rejected before
 * launch. GPU blocks: the same three input sources as the sampling families (committed fixtures and saved
 * regressions, edge rows, fast-check rows including rows sparse across 2048-entry tiles) through the kernel, and
 * the FlashInfer grid timed against the watchdog budget.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BindBuffer } from '../../harness/kernel-binding.ts';
import { errorMessage } from '../../src/errors.ts';
import { batchArb } from '../../src/fixtures/arbitraries.ts';
import { sparseBatchArb } from '../../src/fixtures/sparse-rows-arb.ts';
import { elementTypeOf, PROBE_MULTIPROCESSORS, resolveStages, rowInputOf, type KernelFamily, type LaunchShape, type ManifestEntry } from '../../src/manifest/index.ts';
import { record } from '../../src/report/record.ts';
import { suiteSeed } from '../../src/stats/experiment/index.ts';
import type { RowBatch } from '../../src/types.ts';
import { DISTINCT_ROWS, firstRows, replicateRows, type DeviceRows } from './device-rows.ts';
import { edgeInputs } from './edge-rows.ts';
import { expectCheck } from './expect-check.ts';
import { filterArgs, paramsLabel, type FilterParams } from './filter-of.ts';
import { describeGpu, gpuRunner } from './gpu.ts';
import { bindCall, callKernel, launchedMs, type KernelCall } from './kernel-call.ts';
import { bindOptions, BUDGET_MS, entriesOf, launchBudgetMs } from './manifest.ts';
import { budgetLaunch, overBudget } from './budget-launch.ts';
import { replicatedValidFlags } from './replicated-checks.ts';
import { committedInputs, distinctRows, inputKindOf, regressionInputs, rowsFor, type InputKind, type NamedRows } from './sampling-inputs.ts';
import { FLASHINFER_BATCHES, FLASHINFER_VOCABS } from './sampling-suite.ts';
import { trapRunner } from './test-runners.ts';
import { transformContractOf, type TransformOp, type TransformOutput } from './transform-contracts.ts';
import { entriesAtShape, fullBatteryEntries } from './variants.ts';

export type { TransformOutput } from './transform-contracts.ts';

export interface TransformFamily {
  readonly family: KernelFamily;
  /** Which entries of the family this suite covers (the topk family also holds samplers). */
  readonly op: TransformOp;
  /** Narrows further, e.g. to one reference filter. */
  readonly select?: (entry: ManifestEntry) => boolean;
  readonly cases: (vocab: number, batch: number) => readonly FilterParams[];
  readonly badParams: readonly (readonly [string, FilterParams, RegExp])[];
}

/** The FlashInfer grid: every shape a transform must launch at (and is timed at). */
export const TRANSFORM_SHAPES: readonly LaunchShape[] = FLASHINFER_BATCHES.flatMap((batch) => FLASHINFER_VOCABS.map((vocab) => ({ batch, vocab })));
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

/** One transform call: the input (host rows or a device buffer), per-row parameters among the buffers. */
export function transformCall(entry: ManifestEntry, shape: LaunchShape, data: BindBuffer, params: FilterParams): KernelCall {
  const { scalars, perRow } = filterArgs(entry, params);
  const input = entry.params.find((p) => p.role === 'in')?.name ?? 'input';
  return { batch: shape.batch, vocab: shape.vocab, buffers: { [input]: data, ...perRow }, scalars };
}

/** The transform's row output parameter (the `out` buffer that is not `valid`). */
export const outputName = (entry: ManifestEntry): string => entry.params.find((p) => p.role === 'out' && p.name !== 'valid')?.name ?? 'out';

async function run(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams): Promise<TransformOutput & { ms: number }> {
  const r = await callKernel(await gpuRunner(), entry, transformCall(entry, rows, rows.data, params), bindOptions());
  return { out: r.outputs[outputName(entry)] as Float32Array, valid: r.outputs.valid as Int32Array, ms: r.ms };
}

/** Committed fixtures, saved regressions and edge rows of the kind the entry reads, as it reads them (element type). */
const fixedInputs = (entry: ManifestEntry): NamedRows[] => {
  const kind = inputKindOf(entry);
  return [...committedInputs(kind), ...regressionInputs(kind), ...edgeInputs(kind)].map((i) => ({ name: i.name, rows: rowsFor(entry, i.rows) }));
};

/** Short rows with adversarial values (invalid entries, ±inf) and wide rows sparse across 2048-entry tiles. */
export function transformRowsArb(kind: InputKind): fc.Arbitrary<RowBatch<Float32Array>> {
  const row = kind === 'probs' ? { invalid: true } : { posInf: true };
  return fc.oneof(batchArb({ kind, minBatch: 1, maxBatch: 16, maxVocab: 300, row }), sparseBatchArb({ kind, maxBatch: 4, row }));
}

const fcSeed = (family: string, entry: ManifestEntry, what: string): number => Number(suiteSeed(`${family}/${what}/${entry.name}`) & 0x7fffffffn);
const rerun = (family: string): string => `npx vitest run suites/${family}`;

/** Runs the checks of every parameter case on rows; true when all hold. */
async function allHold(entry: ManifestEntry, spec: TransformFamily, rows: RowBatch<Float32Array>, output: (p: FilterParams) => Promise<TransformOutput> | TransformOutput): Promise<boolean> {
  for (const params of spec.cases(rows.vocab, rows.batch)) {
    if (transformContractOf(entry).checks(entry, rows, params, await output(params)).some((c) => !c.ok)) return false;
  }
  return true;
}

/** The kernel on fixed inputs, every parameter case, every check recorded (failing rows saved as regressions). */
async function expectOnInput(entry: ManifestEntry, spec: TransformFamily, input: NamedRows, reproduce: { fcSeed?: number; fcPath?: string } = {}): Promise<void> {
  for (const params of spec.cases(input.rows.vocab, input.rows.batch)) {
    const got = await run(entry, input.rows, params);
    const failing = { rows: input.rows, kind: inputKindOf(entry), params: { kernel: entry.name, input: input.name, params: paramsLabel(params) } } as const;
    for (const c of transformContractOf(entry).checks(entry, input.rows, params, got)) {
      expectCheck(c, { kernel: entry.name, case: `${input.name} (${paramsLabel(params)})`, failing, reproduce: { ...reproduce, command: rerun(spec.family) } });
    }
  }
}

export function transformSuite(spec: TransformFamily): void {
  const entries = (): ManifestEntry[] => entriesOf(spec.family).filter((e) => e.reference.op === spec.op && (spec.select?.(e) ?? true));

  describe(`${spec.family} (${spec.op}${spec.select ? ', selected' : ''}): manifest`, () => {
    it(`declares at least one ${spec.op} kernel, without randomness, with a launch for every FlashInfer shape`, () => {
      expect(entries().length).toBeGreaterThan(0);
      expect(transformManifestProblems(entries())).toEqual([]);
    });
  });

  oracleBlock(spec, entries);
  validationBlock(spec, entries);

  describeGpu(`${spec.family}: guarantees on committed fixtures, saved regressions and edge rows`, () => {
    it('every fixture, edge row and parameter case', async () => {
      expect.hasAssertions();
      for (const e of entries()) for (const input of fixedInputs(e)) await expectOnInput(e, spec, input);
    });
  });

  describeGpu(`${spec.family}: guarantees on generated rows`, () => {
    it('fast-check batches (invalid entries, ±inf, rows sparse across 2048-entry tiles)', async () => {
      expect.hasAssertions();
      for (const e of fullBatteryEntries(entries())) {
        const property = fc.asyncProperty(transformRowsArb(inputKindOf(e)), (rows) => allHold(e, spec, rows, (p) => run(e, rows, p)));
        const out = await fc.check(property, { numRuns: FC_RUNS, seed: fcSeed(spec.family, e, 'fast-check') });
        if (out.failed && out.counterexample !== null) {
          // rerun the shrunk counterexample with reporting on: findings, saved rows, fast-check seed and path
          await expectOnInput(e, spec, { name: 'fast-check counterexample', rows: out.counterexample[0] }, { fcSeed: out.seed, fcPath: out.counterexamplePath ?? '' });
        }
        expect(out.failed, `${e.name}: fast-check failed (seed ${out.seed}, path ${out.counterexamplePath}${out.errorInstance ? `, ${String(out.errorInstance)}` : ''}) but the rerun passed: a flaky kernel`).toBe(false);
        expect(out.numRuns, `${e.name}: fast-check runs`).toBe(FC_RUNS);
      }
    });
  });

  watchdogBlock(spec, entries);
}

/** The reference passes its own contract on every input the GPU blocks use: a failure here is the oracle's. */
function oracleBlock(spec: TransformFamily, entries: () => ManifestEntry[]): void {
  describe(`${spec.family}: oracle consistency (the reference passes its own checks)`, () => {
    it('on every committed fixture, saved regression and edge row, for every parameter case', () => {
      expect.hasAssertions();
      for (const e of entries()) {
        const contract = transformContractOf(e);
        for (const input of fixedInputs(e)) {
          for (const params of spec.cases(input.rows.vocab, input.rows.batch)) {
            for (const c of contract.checks(e, input.rows, params, contract.reference(e, input.rows, params))) {
              expectCheck(c, { kernel: e.name, case: `reference on ${input.name} (${paramsLabel(params)})`, recordResult: false });
            }
          }
        }
      }
    });
    it('on fast-check rows (invalid entries, ±inf, rows sparse across 2048-entry tiles)', async () => {
      expect.hasAssertions();
      for (const e of fullBatteryEntries(entries())) {
        const contract = transformContractOf(e);
        const property = fc.asyncProperty(transformRowsArb(inputKindOf(e)), (rows) => allHold(e, spec, rows, (p) => contract.reference(e, rows, p)));
        const out = await fc.check(property, { numRuns: ORACLE_FC_RUNS, seed: fcSeed(spec.family, e, 'oracle-fast-check') });
        if (out.failed && out.counterexample !== null) {
          const rows = out.counterexample[0];
          for (const params of spec.cases(rows.vocab, rows.batch)) {
            for (const c of contract.checks(e, rows, params, contract.reference(e, rows, params))) {
              expectCheck(c, { kernel: e.name, case: `reference on a fast-check counterexample (${paramsLabel(params)}), fast-check seed ${out.seed} path ${out.counterexamplePath}`, recordResult: false });
            }
          }
        }
        expect(out.failed, `${e.name}: the reference failed on fast-check rows (seed ${out.seed}, path ${out.counterexamplePath}${out.errorInstance ? `, ${String(out.errorInstance)}` : ''})`).toBe(false);
        expect(out.numRuns, `${e.name}: fast-check runs`).toBe(ORACLE_FC_RUNS);
      }
    });
  });
}

function validationBlock(spec: TransformFamily, entries: () => ManifestEntry[]): void {
  describe(`${spec.family}: parameter validation`, () => {
    const rows = { data: new Float32Array(16).fill(0.125), batch: 2, vocab: 8 };
    const base = (): FilterParams => spec.cases(8, 2)[0] ?? {};
    const cases: [string, (e: ManifestEntry) => KernelCall, RegExp][] = [
      ...spec.badParams.map(([what, p, msg]) => [what, (e: ManifestEntry) => transformCall(e, rows, rows.data, p), msg] as [string, (e: ManifestEntry) => KernelCall, RegExp]),
      ['batch 0', (e) => ({ ...transformCall(e, rows, rows.data, base()), batch: 0 }), /batch must be an integer in \[1/],
      ['vocab above 2^21 - 1', (e) => ({ ...transformCall(e, rows, rows.data, base()), vocab: 2 ** 21 }), /vocab must be an integer in \[1, 2097151\]/],
      ['rows shorter than batch × vocab', (e) => ({ ...transformCall(e, rows, rows.data, base()), batch: 3 }), /must have 24 elements/],
    ];
    it.each(cases)('rejects %s before launch (the runner is never reached)', async (_what, build, message) => {
      expect.hasAssertions();
      for (const e of entries()) {
        const runner = trapRunner();
        await expect(callKernel(runner, e, build(e), bindOptions())).rejects.toThrow(message);
        expect(runner.calls, e.name).toEqual([]);
      }
    });
  });
}

function watchdogBlock(spec: TransformFamily, entries: () => ManifestEntry[]): void {
  describeGpu(`${spec.family}: watchdog budget`, () => {
    const shapes = TRANSFORM_SHAPES.map((s): [number, number] => [s.batch, s.vocab]);
    it.each(shapes)(`batch %i × vocab %i: every launch under its budget (the kernel's own, else ${BUDGET_MS} ms), every row's flag`, async (batch, vocab) => {
      expect.hasAssertions();
      const runner = await gpuRunner();
      // one device input per row kind, element type and shape, shared by the entries reading it
      const inputs = new Map<string, DeviceRows>();
      try {
        for (const e of entriesAtShape(entries(), [batch, vocab], shapes)) {
          const kind = inputKindOf(e);
          const element = elementTypeOf(rowInputOf(e)) ?? 'f32';
          let rows = inputs.get(`${kind}/${element}`);
          if (rows === undefined) inputs.set(`${kind}/${element}`, (rows = await replicateRows(runner, rowsFor(e, distinctRows(kind, Math.min(batch, DISTINCT_ROWS), vocab, 'watchdog')), batch, element)));
          const params = spec.cases(vocab, batch).at(-1) ?? {};
          const bound = await bindCall(runner, e, transformCall(e, { batch, vocab }, rows.handle, params), bindOptions());
          try {
            const budgetMs = launchBudgetMs(e, { batch, vocab });
            const timing = await budgetLaunch(bound, budgetMs);
            const ms = timing.ms;
            record.timing({ kernel: e.name, batch, vocab, ms, budgetMs, bytes: batch * vocab * ((element === 'f32' ? 4 : 2) + 4) + 4 * batch });
            expect(ms, overBudget(e.name, batch, vocab, budgetMs, timing)).toBeLessThan(budgetMs);
            const valid = (await bound.read('valid')) as Int32Array;
            // every row's flag (these seeded rows are valid under every transform's rule); the contract's own rule below
            expectCheck(replicatedValidFlags(rows, kind, valid), { kernel: e.name, case: `${batch}×${vocab}` });
            // the distinct rows (the first rows of the output): the family's full checks
            const n = rows.block.batch;
            const outBuffer = bound.buffers.find((b) => b.name === outputName(e))?.handle;
            if (!outBuffer) throw new Error(`${e.name}: no output buffer '${outputName(e)}'`);
            const out = await runner.download(outBuffer, Float32Array, n * vocab);
            for (const c of transformContractOf(e).checks(e, rows.block, firstRows(params, n), { out, valid: valid.slice(0, n) })) expectCheck(c, { kernel: e.name, case: `${batch}×${vocab} rows 0..${n - 1}` });
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
