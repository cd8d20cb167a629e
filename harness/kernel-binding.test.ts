/** The manifest binding over the fake backend: validation before any device call, buffer sizes, re-launch, free. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryOf } from '../test/binding/contract-entries.ts';
import { countingRunner as counting, liveBytes } from '../test/binding/counting-runner.ts';
import { FAKE_RANK_PICK_JSON, FAKE_ROWS, fakeRankPickEntry, openFakeRunner } from '../test/binding/fake-entry.ts';
import type { BufferHandle, ModuleHandle } from './handles.ts';
import { bindKernel, type KernelRunner } from './kernel-binding.ts';
import type { GpuRunner } from './runner.ts';

const entry = fakeRankPickEntry();
const { batch, vocab, probs, order: ORDER } = FAKE_ROWS;

describe('bindKernel over the fake backend', () => {
  let gpu: GpuRunner;
  let module: ModuleHandle;
  beforeAll(async () => ({ gpu, module } = await openFakeRunner()));
  afterAll(async () => gpu.close());

  const good = () => ({ buffers: { probs }, scalars: { top_k: 3, seed: 7n, offset: 0n } });

  it.each([
    ['a wrong array type', { buffers: { probs: new Float64Array(15) } }, TypeError, /fake_rank_pick: buffer 'probs' \(f32\*\) must be a Float32Array, got Float64Array/],
    ['a wrong length', { buffers: { probs: new Float32Array(14) } }, RangeError, /buffer 'probs' must have 15 elements \(batch·vocab\), got 14/],
    ['a missing input', { buffers: {} }, TypeError, /buffer 'probs' \(f32\*, in\) is required/],
    ['an output passed in', { buffers: { probs, token: new Int32Array(3) } }, TypeError, /'token' is an output; the binding allocates it/],
    ['an unknown buffer', { buffers: { probs, logits: probs } }, TypeError, /unknown buffer 'logits'; this kernel's buffers are: probs, token, valid, top_k_arr/],
    ['a per-row value out of range', { buffers: { probs, top_k_arr: new Int32Array([2, 0, 1]) } }, RangeError, /per-row 'top_k_arr'\[1\] \(i32\) must be an integer in \[1, 2147483647\], got 0/],
    ['a scalar out of range', { scalars: { top_k: 0, seed: 1n, offset: 0n } }, RangeError, /top_k \(i32\) must be an integer in \[1, 2147483647\], got 0/],
    ['a non-integer scalar', { scalars: { top_k: 2.5, seed: 1n, offset: 0n } }, TypeError, /top_k \(i32\) must be an integer/],
    ['a missing scalar', { scalars: { seed: 1n, offset: 0n } }, TypeError, /scalar 'top_k' \(i32\) is required \(or pass the per-row buffer 'top_k_arr'\)/],
    ['a negative seed', { scalars: { top_k: 1, seed: -1n, offset: 0n } }, RangeError, /seed \(u64\) must be a bigint or safe integer in \[0, 2\^64 - 1\], got -1/],
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
    // the manifest allows vocab 2^21; the design's exact fixed-point sums need vocab < 2^21
    [{ batch, vocab: 2 ** 21 }, /fake_rank_pick: vocab must be an integer in \[1, 2097151\], got 2097152/],
    [{ batch: 1.5, vocab }, /batch must be an integer/],
    // above 2^31 elements is callable; this one only needs more than the fake device's 1 GiB
    [{ batch: 2000, vocab: 2 ** 21 - 1 }, /the call needs 16777224000 bytes of device memory for batch 2000 × vocab 2097151, more than the device's 1073741824 bytes/],
    [{ batch: 300, vocab: 2 ** 21 - 1 }, /the call needs 2516583600 bytes of device memory/],
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
    expect(k.launchGeometry).toEqual({ grid: 3, block: 64, sharedBytes: 0, cooperative: false });
    expect(k.buffers.map((b) => [b.name, b.role, b.bytes, b.handle === null])).toEqual([
      ['probs', 'in', 60, false],
      ['token', 'out', 12, false],
      ['valid', 'out', 12, false],
      ['top_k_arr', 'per-row', 0, true],
    ]);
    const r = await k.launch();
    expect(r.ok).toBe(true);
    // the omitted per-row array goes to the kernel as a real null pointer, scalars with their ABI types
    expect(calls.find((c) => c.op === 'launch')?.launch?.args.slice(3)).toEqual([
      { type: 'ptr', buffer: null },
      { type: 'i32', value: 3 },
      { type: 'i32', value: 3 },
      { type: 'i32', value: 5 },
      { type: 'u64', value: 7n },
      { type: 'u64', value: 0n },
    ]);
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
    // a larger device buffer: the binding counts the bytes the kernel reads, not the buffer's size
    const larger = new Float32Array(40);
    larger.set(probs);
    const big = await gpu.upload(larger);
    const kb = await bindKernel(runner, entry, { batch, vocab }, { buffers: { probs: big }, scalars: good().scalars }, { module });
    expect(kb.buffers[0]).toMatchObject({ name: 'probs', role: 'in', bytes: 60, owned: false });
    await kb.free();
    await gpu.free(big);
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

const good = () => ({ buffers: { probs }, scalars: { top_k: 3, seed: 7n, offset: 0n } });

describe('declared launch features through the worker-backed fake backend', () => {
  let gpu: GpuRunner;
  let module: ModuleHandle;
  beforeAll(async () => ({ gpu, module } = await openFakeRunner()));
  afterAll(async () => gpu.close());

  // fake_rank_pick reads its first nine arguments; a tenth, the workspace, is the binding's and the runner's business
  const withWorkspace = entryOf({
    ...FAKE_RANK_PICK_JSON,
    params: [...FAKE_RANK_PICK_JSON.params, { name: 'scratch', type: 'void*', role: 'workspace' }],
    workspaceBytes: 'batch * 16',
    // the fake device has 1 multiprocessor with 96 KiB of shared memory: one 64 KiB block is all that is co-resident
    launch: { grid: 'min(batch, multiprocessors)', block: 64, sharedBytes: '64 * 1024', cooperative: true },
  });

  it('passes the workspace, zeroes it before every launch, launches cooperatively with shared memory above 48 KiB, frees it', async () => {
    const { runner, calls } = counting(gpu);
    const k = await bindKernel(runner, withWorkspace, { batch, vocab }, { buffers: { probs }, scalars: { top_k: 1, seed: 0n, offset: 0n } }, { module });
    const ws = k.buffers.find((b) => b.name === 'scratch');
    expect(ws).toMatchObject({ role: 'workspace', bytes: 48, owned: true });
    expect(k.launchGeometry).toEqual({ grid: 1, block: 64, sharedBytes: 65536, cooperative: true });
    for (let i = 0; i < 2; i++) {
      await gpu.write(ws?.handle as BufferHandle, new Uint8Array(48).fill(0xee)); // as a kernel would leave it
      const r = await k.launch();
      expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
      expect([...(await gpu.download(ws?.handle as BufferHandle, Uint8Array, 48))]).toEqual(Array(48).fill(0));
    }
    const launch = calls.filter((c) => c.op === 'launch').at(-1)?.launch;
    expect(launch).toMatchObject({ cooperative: true, sharedBytes: 65536, zeroBefore: [{ buffer: ws?.handle, bytes: 48 }] });
    expect(launch?.args.at(-1)).toEqual({ type: 'ptr', buffer: ws?.handle });
    expect([...(await k.read('token'))]).toEqual(ORDER.map((o) => o[0]));
    await k.free();
    expect(liveBytes(calls)).toBe(0);
  });

  it('refuses shared memory above the fake device opt-in maximum before any device call', async () => {
    const { runner, calls } = counting(gpu);
    const tooBig = entryOf({ ...FAKE_RANK_PICK_JSON, launch: { grid: 'batch', block: 64, sharedBytes: '200 * 1024' } });
    await expect(bindKernel(runner, tooBig, { batch, vocab }, good(), { module })).rejects.toThrow(
      /fake_rank_pick: launch\.sharedBytes is 204800 bytes for batch 3 × vocab 5, above the device's opt-in maximum of 98304 bytes per block/,
    );
    expect(calls).toEqual([]);
  });
});
