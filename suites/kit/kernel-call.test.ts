/**
 * The suites' call shape over harness's bindKernel, on the fake backend: outputs downloaded and everything freed,
 * a launch that does not complete thrown whole, and a bad call stopped before the device. Validation itself is
 * tested once, in harness/binding/call-plan.test.ts and harness/kernel-binding.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingRunner, liveBytes } from '../../test/binding/counting-runner.ts';
import { FAKE_ROWS, fakeRankPickEntry, openFakeRunner } from '../../test/binding/fake-entry.ts';
import type { ModuleHandle } from '../../harness/handles.ts';
import type { GpuRunner } from '../../harness/runner.ts';
import { bindCall, callKernel, KernelLaunchError, type KernelCall } from './kernel-call.ts';
import { trapRunner } from './test-runners.ts';

const entry = fakeRankPickEntry();
const { batch, vocab, probs, order: ORDER } = FAKE_ROWS;
const call = (change: Partial<KernelCall> = {}): KernelCall => ({ batch, vocab, buffers: { probs }, scalars: { top_k: 3, seed: 1n, offset: 1n }, ...change });

describe('callKernel and bindCall over harness/kernel-binding.ts (fake backend)', () => {
  let gpu: GpuRunner;
  let module: ModuleHandle;
  beforeAll(async () => ({ gpu, module } = await openFakeRunner()));
  afterAll(async () => gpu.close());

  it('downloads every output of one launch, passes per-row arrays among the buffers, frees everything', async () => {
    const { runner, calls } = countingRunner(gpu);
    const r = await callKernel(runner, entry, call({ buffers: { probs, top_k_arr: new Int32Array([1, 2, 5]) } }), { module });
    expect(Object.keys(r.outputs)).toEqual(['token', 'valid']);
    // rank picked = offset mod k per row: 1 mod 1 = 0, 1 mod 2 = 1, 1 mod 5 = 1
    expect([...(r.outputs.token as Int32Array)]).toEqual([ORDER[0]?.[0], ORDER[1]?.[1], ORDER[2]?.[1]]);
    expect([...(r.outputs.valid as Int32Array)]).toEqual([1, 1, 1]);
    expect(r.ms).toBeGreaterThanOrEqual(0);
    expect(liveBytes(calls)).toBe(0);
  });

  it('re-launches a bound call with a new offset without re-uploading', async () => {
    const { runner, calls } = countingRunner(gpu);
    const bound = await bindCall(runner, entry, call(), { module });
    try {
      for (const offset of [0n, 2n]) {
        expect((await bound.launch({ scalars: { offset } })).ok).toBe(true);
        expect([...(await bound.read('token'))]).toEqual(ORDER.map((o) => o[Number(offset)]));
      }
    } finally {
      await bound.free();
    }
    expect(calls.filter((c) => c.op === 'upload')).toHaveLength(1);
    expect(liveBytes(calls)).toBe(0);
  });

  it('throws a launch the watchdog stopped as a KernelLaunchError holding the runner result, and frees its buffers', async () => {
    const { runner, calls } = countingRunner(gpu);
    const hang = { ...entry, function: 'hang', stages: entry.stages.map((s) => ({ ...s, function: 'hang' })) };
    const err = await callKernel(runner, hang, call(), { module, budgetMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KernelLaunchError);
    expect((err as KernelLaunchError).result.kind).toBe('watchdog');
    expect((err as Error).message).toMatch(/^fake_rank_pick: watchdog: still running after \d+ ms \(grid 3, block 64\)/);
    expect(liveBytes(calls)).toBe(0); // every placed buffer was handed to free (the killed worker already lost them)
  });

  it('stops a bad call before any device call, with harness validation wording', async () => {
    const runner = trapRunner();
    await expect(callKernel(runner, entry, call({ vocab: 4 }), { kernelDir: '/nonexistent' })).rejects.toThrow(/buffer 'probs' must have 12 elements \(batch·vocab\), got 15/);
    expect(runner.calls).toEqual([]);
    // the trap itself records and fails any device call, so the assertion above can fail
    await expect(callKernel(runner, entry, call(), { kernelDir: '/nonexistent' })).rejects.toThrow(/trapRunner: compile must not be reached/);
    expect(runner.calls).toEqual(['compile']);
  });
});
