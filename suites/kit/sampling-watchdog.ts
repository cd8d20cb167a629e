/**
 * The watchdog budget of a sampling family: every entry launched at the FlashInfer grid and the LLM shapes beyond
 * it, on replicated device rows, each launch under its budget, every row's token (and flag, when declared) checked,
 * and the distinct rows checked in full as their entry declares.
 */
import { expect, it } from 'vitest';
import { elementTypeOf, rowInputOf, type ManifestEntry } from '../../src/manifest/index.ts';
import { record } from '../../src/report/record.ts';
import { suiteSeed } from '../../src/stats/experiment/index.ts';
import { DISTINCT_ROWS, firstRows, replicateRows, type DeviceRows } from './device-rows.ts';
import { expectCheck } from './expect-check.ts';
import { describeGpu, gpuRunner } from './gpu.ts';
import { budgetLaunch, overBudget } from './budget-launch.ts';
import { bindCall } from './kernel-call.ts';
import { bindOptions, BUDGET_MS, launchBudgetMs } from './manifest.ts';
import { replicatedSamplingChecks } from './replicated-checks.ts';
import { casesFor, expectLaunchMatches, rerun } from './sampling-expect.ts';
import { distinctRows, inputKindOf, rowsFor } from './sampling-inputs.ts';
import { readDraws, samplingCallOn } from './sampling-run.ts';
import { watchdogShapes } from './sampling-shapes.ts';
import type { SamplingFamily } from './sampling-suite.ts';
import type { GpuRunner } from '../../harness/runner.ts';
import { entriesAtShape } from './variants.ts';

/** Entries that read the same rows share one device input: same row kind, element type and normalization. */
function inputKey(entry: ManifestEntry): string {
  return `${inputKindOf(entry)}/${elementTypeOf(rowInputOf(entry))}/${entry.assumes.normalized}`;
}

async function deviceInput(runner: GpuRunner, inputs: Map<string, DeviceRows>, entry: ManifestEntry, batch: number, vocab: number): Promise<DeviceRows> {
  const key = inputKey(entry);
  const found = inputs.get(key);
  if (found !== undefined) return found;
  const block = rowsFor(entry, distinctRows(inputKindOf(entry), Math.min(batch, DISTINCT_ROWS), vocab, 'watchdog'));
  const rows = await replicateRows(runner, block, batch, elementTypeOf(rowInputOf(entry)) ?? 'f32');
  inputs.set(key, rows);
  return rows;
}

async function launchAndCheck(runner: GpuRunner, spec: SamplingFamily, entry: ManifestEntry, rows: DeviceRows, batch: number, vocab: number): Promise<void> {
  const params = casesFor(spec.cases, entry, vocab, batch).at(-1) ?? {};
  const seed = suiteSeed(`${spec.family}/watchdog/${entry.name}`);
  const reproduce = { seed, offset: 0n, command: rerun(spec.family) };
  const bound = await bindCall(runner, entry, samplingCallOn(entry, rows.handle, { batch, vocab }, params, seed, 0n), bindOptions());
  try {
    const budgetMs = launchBudgetMs(entry, { batch, vocab });
    const timing = await budgetLaunch(bound, budgetMs);
    const ms = timing.ms;
    const elementBytes = elementTypeOf(rowInputOf(entry)) === 'f32' ? 4 : 2;
    record.timing({ kernel: entry.name, batch, vocab, ms, budgetMs, bytes: batch * vocab * elementBytes + 8 * batch });
    expect(ms, overBudget(entry.name, batch, vocab, budgetMs, timing)).toBeLessThan(budgetMs);
    const draws = await readDraws(bound);
    for (const c of replicatedSamplingChecks(entry, rows, draws.token, draws.valid)) expectCheck(c.result, { kernel: entry.name, case: `${batch}×${vocab}`, reproduce, scope: c.scope });
    // the distinct rows themselves (rows 0..n-1 of the launch): everything the entry declares, replay included
    const n = rows.block.batch;
    const first = { token: draws.token.slice(0, n), valid: draws.valid?.slice(0, n) ?? null, uniforms: draws.uniforms?.slice(0, n) ?? null, ms };
    expectLaunchMatches(entry, { name: `watchdog ${batch}×${vocab}, rows 0..${n - 1}`, rows: rows.block }, firstRows(params, n), seed, 0n, first);
  } finally {
    await bound.free();
  }
}

export function watchdogBlock(spec: SamplingFamily, entries: () => ManifestEntry[]): void {
  describeGpu(`${spec.family}: watchdog budget`, () => {
    it.each(watchdogShapes())(`batch %i × vocab %i: every launch under its budget (the kernel's own, else ${BUDGET_MS} ms), every row's token and flag`, async (batch, vocab) => {
      const runner = await gpuRunner();
      const inputs = new Map<string, DeviceRows>();
      let launched = 0;
      try {
        for (const e of entriesAtShape(entries(), [batch, vocab], watchdogShapes())) {
          await launchAndCheck(runner, spec, e, await deviceInput(runner, inputs, e, batch, vocab), batch, vocab);
          launched++;
        }
      } finally {
        for (const r of inputs.values()) await runner.free(r.handle).catch(() => undefined); // lost with a killed worker
      }
      expect(launched).toBeGreaterThan(0);
    });
  });
}
