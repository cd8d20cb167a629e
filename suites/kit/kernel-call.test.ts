import { describe, expect, it } from 'vitest';
import type { AbiEntry, ResolvedLaunch } from './abi.ts';
import { bindKernel, callKernel, KernelLaunchError, type KernelRunner } from './kernel-call.ts';
import { planCall } from './call-validation.ts';
import { trapRunner, recordingRunner } from './test-runners.ts';

const TOP_P: AbiEntry = {
  name: 'top_p_test',
  file: 'sampling.hip',
  function: 'top_p_sampling_exact',
  params: [
    { name: 'probs', type: 'f32*', role: 'in', shape: 'batch*vocab' },
    { name: 'token', type: 'i32*', role: 'out', shape: 'batch' },
    { name: 'valid', type: 'i32*', role: 'out', shape: 'batch' },
    { name: 'top_p_arr', type: 'f32*', role: 'per-row', shape: 'batch', nullable: true },
    { name: 'top_p', type: 'f32', role: 'scalar' },
    { name: 'batch', type: 'i32', role: 'scalar' },
    { name: 'vocab', type: 'i32', role: 'scalar' },
    { name: 'seed', type: 'u64', role: 'scalar' },
    { name: 'offset', type: 'u64', role: 'scalar' },
  ],
};
const LAUNCH = (): ResolvedLaunch => ({ grid: 2, block: 256, sharedBytes: 0 });
const OPTS = { kernelDir: '/nonexistent', resolveLaunch: LAUNCH };
const good = { batch: 2, vocab: 3, buffers: { probs: new Float32Array(6).fill(0.25) }, scalars: { top_p: 0.9, seed: 1n, offset: 0n } };

describe('parameter validation happens before any GPU work', () => {
  const bad: [string, object, RegExp][] = [
    ['p = 0', { scalars: { ...good.scalars, top_p: 0 } }, /top_p.*\(0, 1\], got 0/],
    ['p > 1', { scalars: { ...good.scalars, top_p: 1.5 } }, /top_p.*\(0, 1\]/],
    ['p NaN', { scalars: { ...good.scalars, top_p: NaN } }, /top_p/],
    ['per-row p out of range', { perRow: { top_p_arr: new Float32Array([0.5, 0]) } }, /top_p_arr'\[1\].*\(0, 1\]/],
    ['per-row array of the wrong length', { perRow: { top_p_arr: new Float32Array(3).fill(0.5) } }, /top_p_arr' must have 2 elements/],
    ['per-row array of the wrong type', { perRow: { top_p_arr: new Int32Array(2) } }, /must be a Float32Array/],
    ['negative seed', { scalars: { ...good.scalars, seed: -1n } }, /seed.*\[0, 2\^64 - 1\]/],
    ['seed ≥ 2^64', { scalars: { ...good.scalars, seed: 1n << 64n } }, /seed.*\[0, 2\^64 - 1\]/],
    ['seed as a number', { scalars: { ...good.scalars, seed: 1 } }, /seed.*bigint/],
    ['missing offset', { scalars: { top_p: 0.5, seed: 1n } }, /offset' \(u64\) is required/],
    ['batch 0', { batch: 0 }, /batch must be an integer in \[1/],
    ['vocab 2^21', { vocab: 2 ** 21 }, /vocab must be an integer in \[1, 2097151\]/],
    ['fractional vocab', { vocab: 2.5 }, /vocab must be an integer/],
    ['probs of the wrong length', { buffers: { probs: new Float32Array(5) } }, /probs' must have 6 elements/],
    ['probs missing', { buffers: {} }, /in buffer 'probs' \(f32\*\) is required/],
    ['an output passed in', { buffers: { ...good.buffers, token: new Int32Array(2) } }, /'token' is an output/],
    ['an unknown parameter', { scalars: { ...good.scalars, top_q: 1 } }, /scalars.top_q is not a parameter/],
    ['batch disagreeing with the call', { scalars: { ...good.scalars, batch: 3 } }, /scalars.batch must equal call.batch = 2/],
  ];
  it.each(bad)('rejects %s with a clear error and never reaches the runner', async (_what, change, message) => {
    const runner = trapRunner();
    await expect(callKernel(runner, TOP_P, { ...good, ...change }, OPTS)).rejects.toThrow(message);
    expect(runner.calls).toEqual([]);
  });

  it('rejects a bad top_k and temperature by their contract ranges', () => {
    const entry: AbiEntry = { ...TOP_P, params: [{ name: 'top_k', type: 'i32', role: 'scalar' }, { name: 'temperature', type: 'f32', role: 'scalar' }] };
    expect(() => planCall(entry, { batch: 1, vocab: 1, scalars: { top_k: 0, temperature: 1 } })).toThrow(/top_k.*\[1, 2147483647\], got 0/);
    expect(() => planCall(entry, { batch: 1, vocab: 1, scalars: { top_k: 1.5, temperature: 1 } })).toThrow(/top_k/);
    expect(() => planCall(entry, { batch: 1, vocab: 1, scalars: { top_k: 3, temperature: 0 } })).toThrow(/temperature.*finite and > 0, got 0/);
    expect(() => planCall(entry, { batch: 1, vocab: 1, scalars: { top_k: 3, temperature: Infinity } })).toThrow(/temperature/);
  });

  it('applies a manifest range on top of the contract range', () => {
    const entry: AbiEntry = { ...TOP_P, params: [{ name: 'top_p', type: 'f32', role: 'scalar', range: [0.25, 1] }] };
    expect(() => planCall(entry, { batch: 1, vocab: 1, scalars: { top_p: 0.1 } })).toThrow(/\[0.25, 1\] \(manifest range\), got 0.1/);
  });

  it('accepts a good call: args in manifest order, a null pointer for an omitted nullable per-row array', () => {
    const plan = planCall(TOP_P, good);
    expect(plan.map((a) => `${a.param.name}:${a.kind}`)).toEqual([
      'probs:upload', 'token:alloc', 'valid:alloc', 'top_p_arr:null', 'top_p:f32', 'batch:i32', 'vocab:i32', 'seed:u64', 'offset:u64',
    ]);
  });
});

describe('binding: upload, launch, download, free', () => {
  it('marshals args in order, downloads outputs, frees every buffer', async () => {
    const runner = recordingRunner();
    const r = await callKernel(runner, TOP_P, { ...good, perRow: { top_p_arr: new Float32Array([0.5, 1]) } }, OPTS);
    expect(r.ms).toBe(0.25);
    expect(Object.keys(r.outputs)).toEqual(['token', 'valid']);
    expect(r.outputs.token).toBeInstanceOf(Int32Array);
    const launch = runner.launches[0];
    expect(launch?.fn).toBe('top_p_sampling_exact');
    expect(launch?.grid).toEqual({ x: 2, y: 1, z: 1 });
    expect(launch?.args.map((a) => a.type)).toEqual(['ptr', 'ptr', 'ptr', 'ptr', 'f32', 'i32', 'i32', 'u64', 'u64']);
    expect(runner.liveBuffers()).toBe(0);
  });

  it('frees everything and reports the watchdog result when a launch does not complete', async () => {
    const runner = recordingRunner({ watchdog: true });
    const err = await callKernel(runner, TOP_P, good, OPTS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KernelLaunchError);
    expect((err as KernelLaunchError).result.kind).toBe('watchdog');
    expect(runner.liveBuffers()).toBe(0);
  });

  it('re-validates overridden scalars on every launch of a bound kernel', async () => {
    const runner = recordingRunner();
    const bound = await bindKernel(runner, TOP_P, good, OPTS);
    await bound.launch({ offset: 7n });
    await expect(bound.launch({ offset: -1n })).rejects.toThrow(/offset/);
    expect(runner.launches).toHaveLength(1);
    expect(runner.launches[0]?.args[8]).toEqual({ type: 'u64', value: 7n });
    await bound.dispose();
    expect(runner.liveBuffers()).toBe(0);
  });
});

// Type-level check: the real GpuRunner satisfies the binding's runner interface.
export type RunnerFits = import('../../harness/index.ts').GpuRunner extends KernelRunner ? true : never;
