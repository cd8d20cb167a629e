import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFakeRunner } from '../../test/binding/fake-entry.ts';
import type { GpuRunner } from '../../harness/runner.ts';
import { firstRows, replicateRows, type RowCopier } from './device-rows.ts';

const block = { data: Float32Array.from({ length: 3 * 4 }, (_v, i) => i + 1), batch: 3, vocab: 4 };

describe('replicateRows (fake backend)', () => {
  let gpu: GpuRunner;
  beforeAll(async () => ({ gpu } = await openFakeRunner()));
  afterAll(async () => gpu.close());

  it.each([1, 2, 3, 7, 12, 13])('batch %i: row r of the device input is block row r mod 3', async (batch) => {
    const calls: string[] = [];
    const runner: RowCopier = {
      upload: (d) => (calls.push('upload'), gpu.upload(d)),
      alloc: (b) => (calls.push('alloc'), gpu.alloc(b)),
      copy: (...a) => (calls.push('copy'), gpu.copy(...a)),
      free: (h) => (calls.push('free'), gpu.free(h)),
    };
    const rows = await replicateRows(runner, block, batch);
    const got = await gpu.download(rows.handle, Float32Array, batch * 4);
    for (let r = 0; r < batch; r++) expect([...got.subarray(r * 4, r * 4 + 4)], `row ${r}`).toEqual([...block.data.subarray((r % 3) * 4, (r % 3) * 4 + 4)]);
    expect(rows.blockRow(batch - 1)).toBe((batch - 1) % 3);
    // one upload (freed again) and a logarithmic number of copies
    expect(calls.filter((c) => c === 'upload')).toHaveLength(1);
    expect(calls.filter((c) => c === 'free')).toHaveLength(1);
    expect(calls.filter((c) => c === 'copy').length).toBe(1 + Math.max(0, Math.ceil(Math.log2(batch / Math.min(3, batch)))));
    await gpu.free(rows.handle);
  });

  it('rejects a bad batch and a block whose data does not match its shape, before any device call', async () => {
    await expect(replicateRows(gpu, block, 0)).rejects.toThrow(/batch must be an integer in \[1, 2147483647\], got 0/);
    await expect(replicateRows(gpu, { ...block, batch: 4 }, 8)).rejects.toThrow(/block must hold batch × vocab = 4 × 4 values, got 12/);
  });
});

describe('firstRows', () => {
  it('cuts per-row arrays and keeps scalars', () => {
    expect(firstRows({ k: [1, 2, 3, 4], p: 0.5, t: new Float32Array([1, 2, 3]) }, 2)).toEqual({ k: [1, 2], p: 0.5, t: new Float32Array([1, 2]) });
  });
});
