/**
 * Guarantees of the row-transform kernels (softmax, prefix sum, temperature, renorm, top-k mask): CPU blocks
 * check the manifest and parameter validation; GPU blocks run every committed fixture and saved regression through
 * the kernel, apply the family's checks (monotone CDF, valid distributions, agreement with the reference), and
 * time the FlashInfer grid against the watchdog budget.
 */
import { describe, expect, it } from 'vitest';
import type { BindBuffer } from '../../harness/kernel-binding.ts';
import type { KernelFamily, LaunchShape, ManifestEntry } from '../../src/manifest/index.ts';
import type { CheckResult, RowBatch } from '../../src/types.ts';
import { record } from '../../src/report/record.ts';
import { filterArgs, type FilterParams } from './filter-of.ts';
import { describeGpu, gpuRunner } from './gpu.ts';
import { bindCall, callKernel, launchedMs, type KernelCall } from './kernel-call.ts';
import { DISTINCT_ROWS, firstRows, replicateRows, type DeviceRows } from './device-rows.ts';
import { replicatedValidFlags } from './replicated-checks.ts';
import { bindOptions, BUDGET_MS, entriesOf, launchBudgetMs } from './manifest.ts';
import { budgetLaunch, overBudget } from './budget-launch.ts';
import { expectCheck } from './expect-check.ts';
import { edgeInputs } from './edge-rows.ts';
import { trapRunner } from './test-runners.ts';
import { committedInputs, distinctRows, inputKindOf, regressionInputs, type InputKind } from './sampling-inputs.ts';
import { FLASHINFER_BATCHES, FLASHINFER_VOCABS } from './sampling-suite.ts';

export interface TransformOutput {
  readonly out: Float32Array;
  readonly valid: Int32Array;
}

export interface TransformFamily {
  readonly family: KernelFamily;
  /** Which entries of the family this suite covers (the topk family also holds samplers). */
  readonly op: ManifestEntry['reference']['op'];
  /** Narrows further, e.g. to one reference filter. */
  readonly select?: (entry: ManifestEntry) => boolean;
  readonly cases: (vocab: number, batch: number) => readonly FilterParams[];
  readonly badParams: readonly (readonly [string, FilterParams, RegExp])[];
  /** The family's guarantees for one launch. */
  readonly checks: (entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams, got: TransformOutput) => CheckResult[];
}

function call(entry: ManifestEntry, shape: LaunchShape, data: BindBuffer, params: FilterParams): KernelCall {
  const { scalars, perRow } = filterArgs(entry, params);
  const input = entry.params.find((p) => p.role === 'in')?.name ?? 'input';
  return { batch: shape.batch, vocab: shape.vocab, buffers: { [input]: data, ...perRow }, scalars };
}

const outputName = (entry: ManifestEntry): string => entry.params.find((p) => p.role === 'out' && p.name !== 'valid')?.name ?? 'out';

async function run(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams): Promise<TransformOutput & { ms: number }> {
  const r = await callKernel(await gpuRunner(), entry, call(entry, rows, rows.data, params), bindOptions());
  return { out: r.outputs[outputName(entry)] as Float32Array, valid: r.outputs.valid as Int32Array, ms: r.ms };
}

export function transformSuite(spec: TransformFamily): void {
  const entries = (): ManifestEntry[] => entriesOf(spec.family).filter((e) => e.reference.op === spec.op && (spec.select?.(e) ?? true));

  describe(`${spec.family} (${spec.op}${spec.select ? ', selected' : ''}): manifest`, () => {
    it(`declares at least one ${spec.op} kernel, without randomness, with a launch for every FlashInfer shape`, () => {
      expect(entries().length).toBeGreaterThan(0);
      for (const e of entries()) expect(e.rng, e.name).toBeNull();
    });
  });

  describe(`${spec.family}: parameter validation`, () => {
    const rows = { data: new Float32Array(16).fill(0.125), batch: 2, vocab: 8 };
    const base = (): FilterParams => spec.cases(8, 2)[0] ?? {};
    const cases: [string, (e: ManifestEntry) => KernelCall, RegExp][] = [
      ...spec.badParams.map(([what, p, msg]) => [what, (e: ManifestEntry) => call(e, rows, rows.data, p), msg] as [string, (e: ManifestEntry) => KernelCall, RegExp]),
      ['batch 0', (e) => ({ ...call(e, rows, rows.data, base()), batch: 0 }), /batch must be an integer in \[1/],
      ['vocab above 2^21 - 1', (e) => ({ ...call(e, rows, rows.data, base()), vocab: 2 ** 21 }), /vocab must be an integer in \[1, 2097151\]/],
      ['rows shorter than batch × vocab', (e) => ({ ...call(e, rows, rows.data, base()), batch: 3 }), /must have 24 elements/],
    ];
    it.each(cases)('rejects %s before launch (the runner is never reached)', async (_what, build, message) => {
      for (const e of entries()) {
        const runner = trapRunner();
        await expect(callKernel(runner, e, build(e), bindOptions())).rejects.toThrow(message);
        expect(runner.calls, e.name).toEqual([]);
      }
    });
  });

  describeGpu(`${spec.family}: guarantees on committed fixtures and saved regressions`, () => {
    it('every fixture and parameter case', async () => {
      for (const e of entries()) {
        for (const input of [...committedInputs(inputKindOf(e)), ...regressionInputs(inputKindOf(e)), ...edgeInputs(inputKindOf(e))]) {
          for (const params of spec.cases(input.rows.vocab, input.rows.batch)) {
            const got = await run(e, input.rows, params);
            const failing = { rows: input.rows, kind: inputKindOf(e), params: { kernel: e.name, input: input.name } } as const;
            for (const c of spec.checks(e, input.rows, params, got)) expectCheck(c, { kernel: e.name, case: input.name, failing, reproduce: { command: `npx vitest run suites/${spec.family}` } });
          }
        }
      }
    });
  });

  describeGpu(`${spec.family}: watchdog budget`, () => {
    const shapes = FLASHINFER_BATCHES.flatMap((b) => FLASHINFER_VOCABS.map((v): [number, number] => [b, v]));
    it.each(shapes)(`batch %i × vocab %i: every launch under its budget (the kernel's own, else ${BUDGET_MS} ms), every row's flag`, async (batch, vocab) => {
      const runner = await gpuRunner();
      // one device input per row kind and shape, shared by every entry
      const inputs = new Map<InputKind, DeviceRows>();
      try {
        for (const e of entries()) {
          const kind = inputKindOf(e);
          let rows = inputs.get(kind);
          if (rows === undefined) inputs.set(kind, (rows = await replicateRows(runner, distinctRows(kind, Math.min(batch, DISTINCT_ROWS), vocab, 'watchdog'), batch)));
          const params = spec.cases(vocab, batch).at(-1) ?? {};
          const bound = await bindCall(runner, e, call(e, { batch, vocab }, rows.handle, params), bindOptions());
          try {
            const budgetMs = launchBudgetMs(e, { batch, vocab });
            const timing = await budgetLaunch(bound, budgetMs);
            const ms = timing.ms;
            record.timing({ kernel: e.name, batch, vocab, ms, budgetMs, bytes: 2 * batch * vocab * 4 + 4 * batch });
            expect(ms, overBudget(e.name, batch, vocab, budgetMs, timing)).toBeLessThan(budgetMs);
            const valid = (await bound.read('valid')) as Int32Array;
            expectCheck(replicatedValidFlags(rows, kind, valid), { kernel: e.name, case: `${batch}×${vocab}` });
            // the distinct rows (the first rows of the output): the family's full checks
            const n = rows.block.batch;
            const outBuffer = bound.buffers.find((b) => b.name === outputName(e))?.handle;
            if (!outBuffer) throw new Error(`${e.name}: no output buffer '${outputName(e)}'`);
            const out = await runner.download(outBuffer, Float32Array, n * vocab);
            for (const c of spec.checks(e, rows.block, firstRows(params, n), { out, valid: valid.slice(0, n) })) expectCheck(c, { kernel: e.name, case: `${batch}×${vocab} rows 0..${n - 1}` });
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
