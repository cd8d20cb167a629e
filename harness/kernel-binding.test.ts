/** The manifest binding over the fake backend: validation before any device call, buffer sizes, re-launch, free. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeRankPickEntry } from './binding/fake-entry.ts';
import type { ModuleHandle } from './handles.ts';
import { bindKernel, type KernelRunner } from './kernel-binding.ts';
import { GpuRunner } from './runner.ts';

const SOURCE = path.join(import.meta.dirname, 'test-kernels', 'saxpy.hip'); // the fake backend ignores the binary
const entry = fakeRankPickEntry();
const COUNTED = ['compile', 'upload', 'alloc', 'download', 'free', 'launch'] as const;
type Counted = (typeof COUNTED)[number];

/** Wraps a runner, recording every device-touching call in order. */
function counting(runner: GpuRunner): { runner: KernelRunner; calls: { op: Counted; bytes?: number }[] } {
  const calls: { op: Counted; bytes?: number }[] = [];
  const wrapped: KernelRunner = {
    info: () => runner.info(),
    compile: (req) => (calls.push({ op: 'compile' }), runner.compile(req)),
    upload: (data) => (calls.push({ op: 'upload', bytes: data.byteLength }), runner.upload(data)),
    alloc: (bytes) => (calls.push({ op: 'alloc', bytes }), runner.alloc(bytes)),
    download: (h, ctor, n) => (calls.push({ op: 'download' }), runner.download(h, ctor, n)),
    free: (h) => (calls.push({ op: 'free', bytes: h.bytes }), runner.free(h)),
    launch: (o) => (calls.push({ op: 'launch' }), runner.launch(o)),
  };
  return { runner: wrapped, calls };
}

// Rows of distinct probabilities: descending order of row r is known, so the picked rank is checkable.
const batch = 3;
const vocab = 5;
const probs = new Float32Array([
  0.1, 0.4, 0.2, 0.25, 0.05, //
  0.5, 0.1, 0.15, 0.05, 0.2, //
  0.05, 0.05, 0.1, 0.3, 0.5,
]);
const ORDER = [
  [1, 3, 2, 0, 4],
  [0, 4, 2, 1, 3],
  [4, 3, 2, 0, 1],
];

describe('bindKernel over the fake backend', () => {
  let gpu: GpuRunner;
  let module: ModuleHandle;
  beforeAll(async () => {
    gpu = await GpuRunner.open({ backend: 'fake' });
    module = await gpu.compile({ source: SOURCE, name: 'fake' });
  });
  afterAll(async () => gpu.close());

  const good = () => ({ buffers: { probs }, scalars: { top_k: 3, seed: 7n, offset: 0n } });

  it.each([
    ['a wrong array type', { buffers: { probs: new Float64Array(15) } }, TypeError, /fake_rank_pick: buffer 'probs' \(f32\*\) must be a Float32Array, got Float64Array/],
    ['a wrong length', { buffers: { probs: new Float32Array(14) } }, RangeError, /buffer 'probs' must have length batch·vocab = 15, got 14/],
    ['a missing input', { buffers: {} }, TypeError, /buffer 'probs' \(f32\*, in\) is required/],
    ['an output passed in', { buffers: { probs, token: new Int32Array(3) } }, TypeError, /'token' is an output; the binding allocates it/],
    ['an unknown buffer', { buffers: { probs, logits: probs } }, TypeError, /unknown buffer 'logits'; this kernel's buffers are: probs, token, valid, top_k_arr/],
    ['a per-row value out of range', { buffers: { probs, top_k_arr: new Int32Array([2, 0, 1]) } }, RangeError, /top_k_arr\[1\] \(i32\) must be an integer in \[1, 2147483647\], got 0/],
    ['a scalar out of range', { scalars: { top_k: 0, seed: 1n, offset: 0n } }, RangeError, /top_k \(i32\) must be an integer in \[1, 2147483647\], got 0/],
    ['a non-integer scalar', { scalars: { top_k: 2.5, seed: 1n, offset: 0n } }, TypeError, /top_k \(i32\) must be an integer/],
    ['a missing scalar', { scalars: { seed: 1n, offset: 0n } }, TypeError, /scalar 'top_k' \(i32\) is required \(or pass the per-row buffer 'top_k_arr'\)/],
    ['a negative seed', { scalars: { top_k: 1, seed: -1n, offset: 0n } }, RangeError, /seed \(u64\) must be a bigint or safe integer in \[0, 18446744073709551615\], got -1/],
    ['an offset ≥ 2^64', { scalars: { top_k: 1, seed: 1n, offset: 1n << 64n } }, RangeError, /offset \(u64\)/],
    ['batch passed as a scalar', { scalars: { top_k: 1, seed: 1n, offset: 0n, batch: 3 } }, TypeError, /scalar 'batch' comes from the launch shape/],
  ])('rejects %s before any device call', async (_what, patch, E, message) => {
    const { runner, calls } = counting(gpu);
    const inputs = { buffers: { ...good().buffers, ...(patch as { buffers?: object }).buffers }, scalars: (patch as { scalars?: object }).scalars ?? good().scalars };
    if ('buffers' in patch && Object.keys(patch.buffers as object).length === 0) inputs.buffers = {} as typeof inputs.buffers;
    const p = bindKernel(runner, entry, { batch, vocab }, inputs as never, { module });
    await expect(p).rejects.toThrow(E);
    await expect(p).rejects.toThrow(message);
    expect(calls).toEqual([]);
  });

  it.each([
    [{ batch: 0, vocab }, /batch must be an integer in \[1, 2147483647\], got 0/],
    [{ batch, vocab: 2 ** 21 + 1 }, /vocab must be an integer in \[1, 2097152\] for 'fake_rank_pick'/],
    [{ batch: 1.5, vocab }, /batch must be an integer/],
    [{ batch: 2000, vocab: 2 ** 21 }, /batch·vocab·4 = 16777216000 bytes exceeds the device's 1073741824 bytes/],
  ])('rejects shape %o before any device call', async (shape, message) => {
    const { runner, calls } = counting(gpu);
    await expect(bindKernel(runner, entry, shape, good(), { module })).rejects.toThrow(message);
    expect(calls).toEqual([]);
  });

  it('uploads inputs and allocates outputs of the right sizes, launches with the manifest geometry, frees everything', async () => {
    const { runner, calls } = counting(gpu);
    const k = await bindKernel(runner, entry, { batch, vocab }, good(), { module });
    expect(calls).toEqual([
      { op: 'upload', bytes: 60 },
      { op: 'alloc', bytes: 12 },
      { op: 'alloc', bytes: 12 },
    ]);
    expect(k.launchGeometry).toEqual({ grid: 3, block: 64, sharedBytes: 0 });
    expect(k.buffers.map((b) => [b.name, b.role, b.bytes, b.handle === null])).toEqual([
      ['probs', 'in', 60, false],
      ['token', 'out', 12, false],
      ['valid', 'out', 12, false],
      ['top_k_arr', 'per-row', 0, true],
    ]);
    const r = await k.launch();
    expect(r.ok).toBe(true);
    expect([...(await k.read('token'))]).toEqual(ORDER.map((o) => o[0]));
    expect([...(await k.read('valid'))]).toEqual([1, 1, 1]);
    await expect(k.read('probs')).rejects.toThrow(/read\('probs'\): not an output buffer; outputs are: token, valid/);
    await k.free();
    const frees = calls.filter((c) => c.op === 'free').map((c) => c.bytes);
    expect(frees).toEqual([60, 12, 12]);
    await expect(k.launch()).rejects.toThrow(/launch after free\(\)/);
  });

  it('re-launches with a new offset and top_k re-using its buffers (no upload, no alloc)', async () => {
    const { runner, calls } = counting(gpu);
    await using k = await bindKernel(runner, entry, { batch, vocab }, good(), { module });
    const before = calls.length;
    for (let offset = 0n; offset < 5n; offset++) {
      expect((await k.launch({ scalars: { offset } })).ok).toBe(true);
      const rank = Number(offset % 3n);
      expect([...(await k.read('token'))]).toEqual(ORDER.map((o) => o[rank]));
    }
    expect((await k.launch({ scalars: { offset: 4n, top_k: 5 } })).ok).toBe(true);
    expect([...(await k.read('token'))]).toEqual(ORDER.map((o) => o[4]));
    const after = calls.slice(before).map((c) => c.op);
    expect(after.filter((op) => op === 'upload' || op === 'alloc')).toEqual([]);
    expect(after.filter((op) => op === 'launch')).toHaveLength(6);
    await expect(k.launch({ scalars: { top_k: -1 } })).rejects.toThrow(/top_k \(i32\) must be an integer in \[1, 2147483647\], got -1/);
    await expect(k.launch({ scalars: { vocab: 4 } })).rejects.toThrow(/launch override 'vocab' is not an overridable scalar; allowed: top_k, seed, offset/);
  });

  it('passes a per-row array (its fallback scalar may be omitted) and frees it with the rest', async () => {
    const { runner, calls } = counting(gpu);
    {
      await using k = await bindKernel(runner, entry, { batch, vocab }, { buffers: { probs, top_k_arr: new Int32Array([1, 2, 5]) }, scalars: { seed: 1n, offset: 4n } }, { module });
      expect((await k.launch()).ok).toBe(true);
      // rank = offset mod k per row: 4 mod 1 = 0, 4 mod 2 = 0, 4 mod 5 = 4
      expect([...(await k.read('token'))]).toEqual([ORDER[0]?.[0], ORDER[1]?.[0], ORDER[2]?.[4]]);
    }
    const uploaded = calls.filter((c) => c.op === 'upload').map((c) => c.bytes);
    const freed = calls.filter((c) => c.op === 'free').map((c) => c.bytes);
    expect(uploaded).toEqual([60, 12]);
    expect(freed.sort()).toEqual([12, 12, 12, 60].sort());
  });

  it('accepts a device buffer as input and leaves it to its owner', async () => {
    const { runner, calls } = counting(gpu);
    const dev = await gpu.upload(probs);
    const k = await bindKernel(runner, entry, { batch, vocab }, { buffers: { probs: dev }, scalars: { top_k: 2, seed: 0n, offset: 1 } }, { module });
    expect(calls.filter((c) => c.op === 'upload')).toEqual([]);
    expect((await k.launch()).ok).toBe(true);
    expect([...(await k.read('token'))]).toEqual(ORDER.map((o) => o[1]));
    await k.free();
    expect([...(await gpu.download(dev, Float32Array, 15))]).toEqual([...probs]);
    await gpu.free(dev);
    const small = await gpu.upload(new Float32Array(4));
    await expect(bindKernel(runner, entry, { batch, vocab }, { buffers: { probs: small }, scalars: good().scalars }, { module })).rejects.toThrow(
      /device buffer 'probs' holds 16 bytes, needs ≥ 60/,
    );
    await gpu.free(small);
  });

  it('frees what it placed when a later upload fails', async () => {
    const { runner, calls } = counting(gpu);
    const failing: KernelRunner = { ...runner, alloc: async () => Promise.reject(new Error('out of memory (injected)')) };
    await expect(bindKernel(failing, entry, { batch, vocab }, good(), { module })).rejects.toThrow(/injected/);
    expect(calls.map((c) => c.op)).toEqual(['upload', 'free']);
  });

  it('needs a module or the manifest directory', async () => {
    await expect(bindKernel(gpu, entry, { batch, vocab }, good())).rejects.toThrow(/needs options.module or options.kernelDir/);
  });
});
