/**
 * bindKernel on an entry with `indices`: output row i reads input row indices[i] (i32 or i64), the output batch is
 * the number of indices, the row input holds inputBatch rows; host indices are range-checked before any device
 * call, device indices are the kernel's to check, and a null pointer means row i reads row i.
 */
import { describe, expect, it } from 'vitest';
import { bindKernel } from '../kernel-binding.ts';
import { CONTRACT_KERNELS, entryOf, indexedSampler } from '../../test/binding/contract-entries.ts';
import { countingRunner } from '../../test/binding/counting-runner.ts';
import { jsRunner } from '../../test/binding/js-runner.ts';

const module = { kind: 'module', id: 1, name: 'k.hip', key: 'js' } as const;
const vocab = 4;
// input row r has its maximum at token r
const inputBatch = 3;
const probs = Float32Array.from({ length: inputBatch * vocab }, (_, i) => (i % vocab === Math.floor(i / vocab) ? 0.7 : 0.1));
const scalars = { top_p: 0.9, seed: 1n, offset: 0n };

describe('an entry with indices', () => {
  const i32 = entryOf(indexedSampler('i32*'));
  const i64 = entryOf(indexedSampler('i64*'));

  it('samples output row i from input row indices[i]: batch = indices, inputBatch rows uploaded, both scalars passed', async () => {
    const js = jsRunner(CONTRACT_KERNELS);
    const { runner, calls } = countingRunner(js);
    const indices = Int32Array.of(2, 0, 2, 1, 1);
    await using k = await bindKernel(runner, i32, { batch: 5, vocab, inputBatch }, { buffers: { probs, indices }, scalars }, { module });
    expect(calls.filter((c) => c.op === 'upload').map((c) => c.bytes)).toEqual([inputBatch * vocab * 4, 5 * 4]);
    expect((await k.launch()).ok).toBe(true);
    expect([...(await k.read('token'))]).toEqual([2, 0, 2, 1, 1]);
    expect([...(await k.read('valid'))]).toEqual([1, 1, 1, 1, 1]);
    expect(js.launches[0]?.grid.x).toBe(5);
    expect(js.launches[0]?.args.slice(5, 8)).toEqual([
      { type: 'i32', value: 5 },
      { type: 'i32', value: inputBatch },
      { type: 'i32', value: vocab },
    ]);
  });

  it('takes i64 indices as a BigInt64Array', async () => {
    await using k = await bindKernel(jsRunner(CONTRACT_KERNELS), i64, { batch: 4, vocab, inputBatch }, { buffers: { probs, indices: BigInt64Array.of(1n, 1n, 0n, 2n) }, scalars }, { module });
    await k.launch();
    expect([...(await k.read('token'))]).toEqual([1, 1, 0, 2]);
  });

  it('without indices reads row i for output row i (null pointer), and then inputBatch must be batch', async () => {
    const js = jsRunner(CONTRACT_KERNELS);
    await using k = await bindKernel(js, i32, { batch: inputBatch, vocab }, { buffers: { probs }, scalars }, { module });
    await k.launch();
    expect(js.launches[0]?.args[3]).toEqual({ type: 'ptr', buffer: null });
    expect([...(await k.read('token'))]).toEqual([0, 1, 2]);
    await expect(bindKernel(js, i32, { batch: 5, vocab, inputBatch }, { buffers: { probs }, scalars }, { module })).rejects.toThrow(
      /without 'indices', output row i reads input row i, so inputBatch \(3\) must equal batch \(5\); pass 'indices' to read other rows/,
    );
  });

  it('leaves device indices to the kernel, which flags an out-of-range row invalid', async () => {
    const js = jsRunner(CONTRACT_KERNELS);
    const handle = await js.upload(Int32Array.of(1, 7));
    await using k = await bindKernel(js, i32, { batch: 2, vocab, inputBatch }, { buffers: { probs, indices: handle }, scalars }, { module });
    await k.launch();
    expect([...(await k.read('valid'))]).toEqual([1, 0]);
    expect(k.buffers.find((b) => b.name === 'indices')).toMatchObject({ role: 'indices', owned: false });
    await expect(bindKernel(js, i32, { batch: 3, vocab, inputBatch }, { buffers: { probs, indices: handle }, scalars }, { module })).rejects.toThrow(
      /device buffer 'indices' holds 8 bytes, needs ≥ 12 \(3 indices, one per output row\)/,
    );
  });

  it.each<[string, object, object, RegExp]>([
    ['an index ≥ inputBatch', { batch: 3, vocab, inputBatch }, { indices: Int32Array.of(0, 3, 1) }, /indexed_argmax_i32: indices\[1\] = 3 is outside \[0, 2\] \(inputBatch 3 input rows\)/],
    ['a negative index', { batch: 2, vocab, inputBatch }, { indices: Int32Array.of(-1, 0) }, /indices\[0\] = -1 is outside \[0, 2\]/],
    ['indices of the wrong length', { batch: 3, vocab, inputBatch }, { indices: Int32Array.of(0, 1) }, /buffer 'indices' must have one index per output row: 3 \(batch\), got 2/],
    ['i32 indices given as a BigInt64Array', { batch: 2, vocab, inputBatch }, { indices: BigInt64Array.of(0n, 1n) }, /buffer 'indices' \(i32\*\) must be an Int32Array of output-row indices, got BigInt64Array/],
    ['rows of batch·vocab instead of inputBatch·vocab', { batch: 5, vocab, inputBatch }, { indices: Int32Array.of(0, 0, 0, 0, 0), probs: new Float32Array(5 * vocab) }, /buffer 'probs' must have 12 elements \(inputBatch·vocab\), got 20/],
  ])('rejects %s before any device call', async (_what, shape, buffers, message) => {
    const { runner, calls } = countingRunner(jsRunner(CONTRACT_KERNELS));
    await expect(bindKernel(runner, i32, shape as never, { buffers: { probs, ...buffers }, scalars }, { module })).rejects.toThrow(message);
    expect(calls).toEqual([]);
  });

  it('rejects the input-batch scalar passed by name and i64 indices given as Int32Array', async () => {
    const js = jsRunner(CONTRACT_KERNELS);
    await expect(bindKernel(js, i32, { batch: 2, vocab, inputBatch }, { buffers: { probs, indices: Int32Array.of(0, 1) }, scalars: { ...scalars, input_rows: 3 } }, { module })).rejects.toThrow(
      /scalar 'input_rows' comes from the launch shape; do not pass it/,
    );
    await expect(bindKernel(js, i64, { batch: 2, vocab, inputBatch }, { buffers: { probs, indices: Int32Array.of(0, 1) }, scalars }, { module })).rejects.toThrow(
      /buffer 'indices' \(i64\*\) must be a BigInt64Array of output-row indices, got Int32Array/,
    );
  });
});
