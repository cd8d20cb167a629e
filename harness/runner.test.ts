/** The child-process protocol and watchdog, driven through the fake backend (no GPU). */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleHandle } from './handles.ts';
import { GpuRunner, HOLD_CYCLES, type LaunchResult } from './runner.ts';

const SOURCE = path.join(import.meta.dirname, 'test-kernels', 'saxpy.hip');
const gone = (pid: number | undefined): boolean => {
  try {
    process.kill(pid as number, 0);
    return false;
  } catch {
    return true;
  }
};
const dims = { grid: { x: 1, y: 1, z: 1 }, block: { x: 1, y: 1, z: 1 } };

describe('GpuRunner over the fake backend', () => {
  let runner: GpuRunner;
  let mod: ModuleHandle;
  beforeAll(async () => {
    runner = await GpuRunner.open({ backend: 'fake', budgetMs: 300, graceMs: 1500 });
    mod = await runner.compile({ source: SOURCE, includeDirs: [], name: 'fake-saxpy' });
  });
  afterAll(async () => {
    const pid = runner.workerPid;
    await runner.close();
    expect(gone(pid)).toBe(true);
  });

  it('reports the device and round-trips typed arrays', async () => {
    expect(runner.info()).toMatchObject({ backend: 'fake', arch: 'fake' });
    const data = new BigUint64Array([1n, 2n ** 64n - 1n, 12345678901234567n]);
    const h = await runner.upload(data);
    expect([...(await runner.download(h, BigUint64Array, 3))]).toEqual([...data]);
    await runner.free(h);
    await expect(runner.download(h, BigUint64Array, 3)).rejects.toThrow(/already freed/);
  });

  it('launches a JS kernel and times it with events', async () => {
    const y = await runner.upload(new Float32Array([1, 2]));
    const x = await runner.upload(new Float32Array([3, 4]));
    const r = await runner.launch({
      module: mod, fn: 'saxpy', ...dims,
      args: [{ type: 'ptr', buffer: y }, { type: 'ptr', buffer: x }, { type: 'f32', value: 2 }, { type: 'i32', value: 2 }],
    });
    expect(r).toMatchObject({ stage: 'launch', ok: true });
    expect([...(await runner.download(y, Float32Array, 2))]).toEqual([7, 10]);
    const slow = await runner.launch({ module: mod, fn: 'sleep', ...dims, args: [{ type: 'u32', value: 40 }] });
    expect(slow.ok && slow.ms).toBeGreaterThanOrEqual(39);
  });

  it('queued timing runs the hold kernel before the start event: the time is the kernel\'s alone, across worker restarts', async () => {
    const logs: string[] = [];
    await using r = await GpuRunner.open({ backend: 'fake', budgetMs: 300, graceMs: 1500, log: (l) => logs.push(l) });
    const m = await r.compile({ source: SOURCE, includeDirs: [], name: 'fake-saxpy' });
    const holdMs = Number(HOLD_CYCLES) / 1e6; // the fake runs one cycle per ns
    for (let i = 0; i < 2; i++) {
      const q = await r.launch({ module: m, fn: 'sleep', ...dims, args: [{ type: 'u32', value: 20 }], queuedTiming: true });
      expect(q.ok && q.ms).toBeGreaterThanOrEqual(19.9);
      expect(q.ok && q.ms).toBeLessThan(20 + holdMs / 2); // a hold inside the bracket would add its whole 1 ms
    }
    const hung = await r.launch({ module: m, fn: 'hang', ...dims, args: [], queuedTiming: true });
    expect(hung).toMatchObject({ ok: false, kind: 'watchdog' });
    const again = await r.launch({ module: m, fn: 'sleep', ...dims, args: [{ type: 'u32', value: 5 }], queuedTiming: true });
    expect(again.ok && again.ms).toBeGreaterThanOrEqual(4.9);
    expect(logs.filter((l) => /compiled sampling_hold/.test(l))).toHaveLength(1); // compiled once, reloaded into the new worker
  });

  it('reports a launch error as a tagged result, not a throw', async () => {
    const r = await runner.launch({ module: mod, fn: 'no_such_kernel', ...dims, args: [] });
    expect(r).toMatchObject({ ok: false, kind: 'error' });
    expect(!r.ok && r.kind === 'error' && r.message).toMatch(/no kernel named 'no_such_kernel'/);
  });

  it('rejects bad arguments with the argument named', async () => {
    await expect(runner.launch({ module: mod, fn: 'sleep', ...dims, args: [{ type: 'u32', value: -1 }] })).resolves.toMatchObject({
      ok: false,
      message: expect.stringMatching(/args\[0\]\.value must be an integer in \[0, 4294967295\]/),
    });
    await expect(runner.launch({ module: mod, fn: 'sleep', ...dims, args: [], budgetMs: 0 })).rejects.toThrow(RangeError);
    await expect(runner.alloc(-1)).rejects.toThrow(/bytes must be a non-negative integer/);
  });

  it('kills a worker whose kernel never finishes, then serves the next request from a fresh worker', async () => {
    const stale = await runner.upload(new Int32Array([5]));
    const pid = runner.workerPid;
    const t0 = performance.now();
    const r = await runner.launch({ module: mod, fn: 'hang', grid: { x: 2, y: 1, z: 1 }, block: { x: 64, y: 1, z: 1 }, args: [] });
    const wall = performance.now() - t0;
    expect(r).toMatchObject({ ok: false, kind: 'watchdog', kernel: 'hang', grid: { x: 2, y: 1, z: 1 }, block: { x: 64, y: 1, z: 1 } });
    expect(!r.ok && r.kind === 'watchdog' && r.elapsedMs).toBeGreaterThanOrEqual(300);
    expect(wall).toBeLessThan(300 + 1500);
    expect(gone(pid)).toBe(true);
    await expect(runner.download(stale, Int32Array, 1)).rejects.toThrow(/generation 1, which is gone \(watchdog: hang/);

    const ok = await runner.launch({ module: mod, fn: 'sleep', ...dims, args: [{ type: 'u32', value: 1 }] });
    expect(ok.ok).toBe(true);
    expect(runner.workerPid).not.toBe(pid);
  });

  it('kills a worker stuck inside a "driver call" at the parent deadline (budget + grace)', async () => {
    const pid = runner.workerPid;
    const t0 = performance.now();
    const r = await runner.launch({ module: mod, fn: 'block_host', ...dims, args: [], budgetMs: 200 });
    const wall = performance.now() - t0;
    expect(r).toMatchObject({ ok: false, kind: 'watchdog', kernel: 'block_host' });
    expect(wall).toBeGreaterThanOrEqual(200 + 1500 - 50);
    expect(wall).toBeLessThan(200 + 1500 + 2000);
    expect(gone(pid)).toBe(true);
    const h = await runner.upload(new Float32Array([1]));
    expect([...(await runner.download(h, Float32Array, 1))]).toEqual([1]);
  });

  it('writes into and copies between buffers at byte offsets, bounds-checked', async () => {
    const a = await runner.upload(new Float32Array([1, 2, 3, 4]));
    const b = await runner.alloc(32);
    await runner.copy(b, 0, a, 0, 16);
    await runner.copy(b, 16, a, 8, 8); // an interior source pointer
    await runner.write(b, new Float32Array([9]), 28);
    expect([...(await runner.download(b, Float32Array, 8))]).toEqual([1, 2, 3, 4, 3, 4, 0, 9]);
    await expect(runner.copy(b, 24, a, 0, 16)).rejects.toThrow(/copy dst: 16 bytes at offset 24 must fit in the buffer's 32 bytes/);
    await expect(runner.write(a, new Float32Array(2), 12)).rejects.toThrow(RangeError);
    await runner.free(a);
    await runner.free(b);
  });

  it('passes a null pointer argument', async () => {
    // saxpy with n = 0 never dereferences its pointers: the launch itself must accept null.
    const r = await runner.launch({ module: mod, fn: 'saxpy', ...dims, args: [{ type: 'ptr', buffer: null }, { type: 'ptr', buffer: null }, { type: 'f32', value: 1 }, { type: 'i32', value: 0 }] });
    expect(r.ok).toBe(true);
  });

  it('launches cooperatively when asked, and refuses a grid that cannot be co-resident', async () => {
    const out = await runner.alloc(16);
    const echo = async (grid: number, cooperative?: boolean): Promise<LaunchResult> =>
      runner.launch({ module: mod, fn: 'launch_echo', grid: { x: grid, y: 1, z: 1 }, block: { x: 1024, y: 1, z: 1 }, args: [{ type: 'ptr', buffer: out }], ...(cooperative === undefined ? {} : { cooperative }) });
    const fit = 2 * runner.info().multiprocessors; // the fake fits 2048 threads per multiprocessor
    expect((await echo(fit, true)).ok).toBe(true);
    expect([...(await runner.download(out, Int32Array, 4))]).toEqual([fit, 1024, 0, 1]);
    expect((await echo(fit)).ok).toBe(true);
    expect([...(await runner.download(out, Int32Array, 4))]).toEqual([fit, 1024, 0, 0]);
    const tooMany = await echo(fit + 1, true);
    expect(tooMany).toMatchObject({ ok: false, kind: 'error', message: expect.stringMatching(/too many blocks in cooperative launch/) });
    expect((await echo(fit + 1, false)).ok).toBe(true);
    await expect(echo(1, 'yes' as never)).rejects.toThrow(/cooperative must be a boolean/);
    await runner.free(out);
  });

  it('zeroes buffers before the kernel, outside the timed events, with or without queued timing', async () => {
    const y = await runner.upload(new Float32Array([1, 2, 3, 4]));
    const x = await runner.upload(new Float32Array([3, 4, 5, 6]));
    const r = await runner.launch({
      module: mod, fn: 'saxpy', ...dims, zeroBefore: [{ buffer: y, bytes: 12 }],
      args: [{ type: 'ptr', buffer: y }, { type: 'ptr', buffer: x }, { type: 'f32', value: 2 }, { type: 'i32', value: 4 }],
    });
    expect(r.ok).toBe(true);
    expect([...(await runner.download(y, Float32Array, 4))]).toEqual([6, 8, 10, 16]); // zeroed first, then y += 2x
    const big = await runner.alloc(32 << 20); // the fake zeroes at 1 GB/s: ~34 ms, far above the kernel's 5 ms
    for (const queuedTiming of [false, true]) {
      const t = await runner.launch({ module: mod, fn: 'sleep', ...dims, args: [{ type: 'u32', value: 5 }], zeroBefore: [{ buffer: big, bytes: 32 << 20 }], queuedTiming });
      expect(t.ok && t.ms).toBeGreaterThanOrEqual(4.9);
      expect(t.ok && t.ms).toBeLessThan(20);
    }
    await expect(runner.launch({ module: mod, fn: 'sleep', ...dims, args: [], zeroBefore: [{ buffer: x, bytes: 17 }] })).rejects.toThrow(
      /zeroBefore\[0\]\.bytes must be an integer in \[0, 16\] \(the buffer's size\), got 17/,
    );
    await runner.free(big);
    await runner.free(x);
    await expect(runner.launch({ module: mod, fn: 'sleep', ...dims, args: [], zeroBefore: [{ buffer: x, bytes: 4 }] })).rejects.toThrow(/zeroBefore\[0\]\.buffer: buffer #\d+ was already freed/);
    await runner.free(y);
  });

  it('opts into dynamic shared memory above 48 KiB and refuses more than the device allows', async () => {
    const out = await runner.alloc(16);
    const limit = runner.info().maxSharedBytesPerBlockOptin;
    expect(limit).toBeGreaterThan(64 * 1024);
    const echo = (sharedBytes: number): Promise<LaunchResult> =>
      runner.launch({ module: mod, fn: 'launch_echo', ...dims, sharedBytes, args: [{ type: 'ptr', buffer: out }] });
    for (const bytes of [48 * 1024, 64 * 1024, limit]) {
      expect((await echo(bytes)).ok, `${bytes} bytes`).toBe(true);
      expect((await runner.download(out, Int32Array, 4))[2]).toBe(bytes);
    }
    expect(await echo(limit + 1)).toMatchObject({
      ok: false, kind: 'error', message: expect.stringMatching(new RegExp(`sharedBytes must be at most ${limit} on Fake CPU device .*got ${limit + 1}`)),
    });
    await runner.free(out);
  });

  it('measures copy bandwidth and memory info', async () => {
    const bw = await runner.copyBandwidth({ bytes: 1 << 20, iterations: 3 });
    expect(bw.gbPerS).toBeGreaterThan(0);
    const m = await runner.memInfo();
    expect(m.totalBytes).toBeGreaterThan(m.freeBytes - 1);
  });
});

describe('GpuRunner lifecycle', () => {
  it('disposes with await using, leaving no worker process', async () => {
    let pid: number | undefined;
    {
      await using r = await GpuRunner.open({ backend: 'fake' });
      pid = r.workerPid;
      expect(gone(pid)).toBe(false);
    }
    expect(gone(pid)).toBe(true);
  });

  it('rejects an unknown backend and a bad budget', async () => {
    await expect(GpuRunner.open({ backend: 'metal' as never })).rejects.toThrow(/backend must be 'cuda', 'hip' or 'fake'/);
    await expect(GpuRunner.open({ backend: 'fake', budgetMs: -5 })).rejects.toThrow(/budgetMs must be a number of milliseconds in \(0, 600000\]/);
  });
});
