/**
 * The watchdog budget of a transform family: every entry launched at the FlashInfer grid on replicated device rows
 * (in its element type), each launch under its budget, every row's flag when it promises flags, and the distinct
 * rows checked in full as their entry declares.
 */
import { expect, it } from 'vitest';
import type { GpuRunner } from '../../harness/runner.ts';
import { validFlagsPromise } from '../../src/checks/index.ts';
import { elementTypeOf, rowInputOf, type KernelFamily, type ManifestEntry } from '../../src/manifest/index.ts';
import { record } from '../../src/report/record.ts';
import { budgetLaunch, overBudget } from './budget-launch.ts';
import { DISTINCT_ROWS, firstRows, replicateRows, type DeviceRows } from './device-rows.ts';
import { expectCheck } from './expect-check.ts';
import type { FilterParams } from './filter-of.ts';
import { describeGpu, gpuRunner } from './gpu.ts';
import { bindCall } from './kernel-call.ts';
import { bindOptions, BUDGET_MS, launchBudgetMs } from './manifest.ts';
import { replicatedValidFlags } from './replicated-checks.ts';
import { distinctRows, inputKindOf, rowsFor } from './sampling-inputs.ts';
import { expectTransform, outputName, transformCall, TRANSFORM_SHAPES } from './transform-run.ts';
import { entriesAtShape } from './variants.ts';

type Cases = (e: ManifestEntry, vocab: number, batch: number) => FilterParams[];

/** Entries that read the same rows share one device input: same row kind, element type and normalization. */
const inputKey = (e: ManifestEntry): string => `${inputKindOf(e)}/${elementTypeOf(rowInputOf(e))}/${e.assumes.normalized}`;

async function deviceInput(runner: GpuRunner, inputs: Map<string, DeviceRows>, e: ManifestEntry, batch: number, vocab: number): Promise<DeviceRows> {
  const found = inputs.get(inputKey(e));
  if (found !== undefined) return found;
  const block = rowsFor(e, distinctRows(inputKindOf(e), Math.min(batch, DISTINCT_ROWS), vocab, 'watchdog'));
  const rows = await replicateRows(runner, block, batch, elementTypeOf(rowInputOf(e)) ?? 'f32');
  inputs.set(inputKey(e), rows);
  return rows;
}

async function launchAndCheck(runner: GpuRunner, e: ManifestEntry, params: FilterParams, rows: DeviceRows): Promise<void> {
  const { batch, vocab } = rows;
  const bound = await bindCall(runner, e, transformCall(e, { batch, vocab }, rows.handle, params), bindOptions());
  try {
    const budgetMs = launchBudgetMs(e, { batch, vocab });
    const timing = await budgetLaunch(bound, budgetMs);
    const ms = timing.ms;
    const elementBytes = elementTypeOf(rowInputOf(e)) === 'f32' ? 4 : 2;
    record.timing({ kernel: e.name, batch, vocab, ms, budgetMs, bytes: batch * vocab * (elementBytes + 4) + (e.validOutput === null ? 0 : 4 * batch) });
    expect(ms, overBudget(e.name, batch, vocab, budgetMs, timing)).toBeLessThan(budgetMs);
    const valid = e.validOutput === null ? null : ((await bound.read(e.validOutput)) as Int32Array | Uint32Array);
    // every row's flag (these seeded rows are valid under every transform's rule); the contract's own rule below
    if (validFlagsPromise(e).kind === 'flag' && valid !== null) expectCheck(replicatedValidFlags(rows, inputKindOf(e), valid), { kernel: e.name, case: `${batch}×${vocab}`, scope: 'contract' });
    // the distinct rows (the first rows of the output): the family's full checks
    const n = rows.block.batch;
    const outBuffer = bound.buffers.find((b) => b.name === outputName(e))?.handle;
    if (!outBuffer) throw new Error(`${e.name}: no output buffer '${outputName(e)}'`);
    const out = await runner.download(outBuffer, Float32Array, n * vocab);
    expectTransform(e, { name: `${batch}×${vocab} rows 0..${n - 1}`, rows: rows.block }, firstRows(params, n), { out, valid: valid?.slice(0, n) ?? null });
  } finally {
    await bound.free();
  }
}

export function transformWatchdogBlock(family: KernelFamily, entries: () => ManifestEntry[], cases: Cases): void {
  describeGpu(`${family}: watchdog budget`, () => {
    const shapes = TRANSFORM_SHAPES.map((s): [number, number] => [s.batch, s.vocab]);
    it.each(shapes)(`batch %i × vocab %i: every launch under its budget (the kernel's own, else ${BUDGET_MS} ms), every row's flag`, async (batch, vocab) => {
      expect.hasAssertions();
      const runner = await gpuRunner();
      // one device input per row kind, element type and normalization, shared by every entry
      const inputs = new Map<string, DeviceRows>();
      try {
        for (const e of entriesAtShape(entries(), [batch, vocab], shapes)) await launchAndCheck(runner, e, cases(e, vocab, batch).at(-1) ?? {}, await deviceInput(runner, inputs, e, batch, vocab));
      } finally {
        for (const r of inputs.values()) await runner.free(r.handle).catch(() => undefined); // lost with a killed worker
      }
    });
  });
}
