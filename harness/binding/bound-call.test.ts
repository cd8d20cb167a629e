/**
 * bindKernel on the contract shapes, over an in-process runner of JS kernels: uniforms drawn as rocRAND does and
 * redrawn per offset, f16/bf16 encoding, i64/u32 tokens, an optional valid output, a workspace zeroed before every
 * launch and freed, launch rules read from the device, pipelines as one call with a watchdog per stage.
 */
import { describe, expect, it } from 'vitest';
import { bf16Bits, encodeElements, widenedRows } from '../../src/manifest/elements.ts';
import { generateUniform } from '../../src/rng/generate-uniform.ts';
import { bindKernel } from '../kernel-binding.ts';
import { CONTRACT_KERNELS, DOWNSTREAM_TOPP, LIB_SAMPLER, PIPELINE, cdfPick, entryOf } from '../../test/binding/contract-entries.ts';
import { countingRunner, liveBytes } from '../../test/binding/counting-runner.ts';
import { jsRunner } from '../../test/binding/js-runner.ts';

const module = { kind: 'module', id: 1, name: 'k.hip', key: 'js' } as const;
const rowsOf = (data: Float32Array, vocab: number): number[][] => Array.from({ length: data.length / vocab }, (_, r) => [...data.subarray(r * vocab, r * vocab + vocab)]);

describe('a uniforms-in entry (downstream ABI)', () => {
  const entry = entryOf(DOWNSTREAM_TOPP);
  const batch = 6;
  const vocab = 5;
  const probs = Float32Array.from({ length: batch * vocab }, (_, i) => ((i * 7) % 5) + 1);
  const call = (scalars: Record<string, number | bigint>) => ({ buffers: { probabilities: probs }, scalars: { top_p: 0.9, ...scalars } });

  it('fills the uniforms as rocrand_generate_uniform(seed, offset, batch) and the kernel reads them', async () => {
    const { runner, calls } = countingRunner(jsRunner(CONTRACT_KERNELS));
    await using k = await bindKernel(runner, entry, { batch, vocab }, call({ seed: 42n, offset: 3n }), { module });
    const u = generateUniform(42n, 3n, batch);
    expect(k.uniforms()).toEqual(u);
    expect(calls.filter((c) => c.op === 'upload').map((c) => c.bytes)).toEqual([batch * vocab * 4, batch * 4]);
    expect((await k.launch()).ok).toBe(true);
    const want = rowsOf(probs, vocab).map((row, r) => cdfPick(row, u[r] as number));
    const tokens = await k.read('output');
    expect(tokens).toBeInstanceOf(Uint32Array);
    expect([...tokens]).toEqual(want);
    expect([...(await k.readTokens())]).toEqual(want);
  });

  it('redraws the uniforms for a new offset or seed: in place with write, else into a fresh buffer it frees', async () => {
    for (const withWrite of [true, false]) {
      const { runner, calls } = countingRunner(jsRunner(CONTRACT_KERNELS, {}, { write: withWrite }));
      const k = await bindKernel(runner, entry, { batch, vocab }, call({ seed: 42n, offset: 0n }), { module });
      for (const [seed, offset] of [[42n, 7n], [9n, 7n]] as const) {
        expect((await k.launch({ scalars: seed === 42n ? { offset } : { seed } })).ok).toBe(true);
        const u = generateUniform(seed, offset, batch);
        expect(k.uniforms()).toEqual(u);
        expect([...(await k.read('output'))]).toEqual(rowsOf(probs, vocab).map((row, r) => cdfPick(row, u[r] as number)));
      }
      const before = calls.length;
      await k.launch({ scalars: { offset: 7n } }); // unchanged: nothing to redraw
      expect(calls.slice(before).map((c) => c.op)).toEqual(['launch']);
      expect(calls.filter((c) => c.op === 'write').length).toBe(withWrite ? 2 : 0);
      await k.free();
      expect(liveBytes(calls), `write: ${withWrite}`).toBe(0);
    }
  });

  it('has no valid output, a block from min(256, vocab) and batch/vocab under their own names', async () => {
    const runner = jsRunner(CONTRACT_KERNELS);
    await using k = await bindKernel(runner, entry, { batch, vocab }, call({ seed: 1n, offset: 0n }), { module });
    expect(k.buffers.map((b) => [b.name, b.role])).toEqual([
      ['probabilities', 'in'],
      ['random_values', 'uniforms'],
      ['output', 'out'],
    ]);
    await expect(k.read('valid')).rejects.toThrow(/read\('valid'\): not an output buffer; outputs are: output/);
    await k.launch();
    expect(runner.launches[0]).toMatchObject({ fn: 'cdf_pick', grid: { x: 6 }, block: { x: 5 }, sharedBytes: 0 });
    expect(runner.launches[0]?.args.slice(3)).toEqual([
      { type: 'f32', value: Math.fround(0.9) },
      { type: 'i32', value: batch },
      { type: 'i32', value: vocab },
    ]);
    expect(runner.launches[0]).not.toHaveProperty('cooperative');
    expect(runner.launches[0]).not.toHaveProperty('zeroBefore');
    const wide = Float32Array.from({ length: 2 * 1000 }, () => 1);
    await using k2 = await bindKernel(runner, entry, { batch: 2, vocab: 1000 }, { buffers: { probabilities: wide }, scalars: { top_p: 1, seed: 1n, offset: 0n } }, { module });
    expect(k2.launchGeometry).toEqual({ grid: 2, block: 256, sharedBytes: 0, cooperative: false });
  });

  it.each([
    ['no seed', { top_p: 0.5, offset: 0n }, TypeError, /topp_sampling_kernel: scalar 'seed' \(u64\) is required: the rocRAND generator seed the binding draws 'random_values' with/],
    ['a negative offset', { top_p: 0.5, seed: 0n, offset: -1n }, RangeError, /offset \(u64\) must be a bigint or safe integer in \[0, 2\^64 - 1\], got -1/],
    ['the batch under its kernel name', { top_p: 0.5, seed: 0n, offset: 0n, batch_size: 6 }, TypeError, /scalar 'batch_size' comes from the launch shape/],
    ['an unknown scalar', { top_p: 0.5, seed: 0n, offset: 0n, temperature: 1 }, TypeError, /unknown scalar 'temperature'; this kernel's scalars are: top_p, seed, offset/],
  ])('rejects %s before any device call', async (_what, scalars, E, message) => {
    const { runner, calls } = countingRunner(jsRunner(CONTRACT_KERNELS));
    const p = bindKernel(runner, entry, { batch, vocab }, { buffers: { probabilities: probs }, scalars }, { module });
    await expect(p).rejects.toThrow(E);
    await expect(p).rejects.toThrow(message);
    expect(calls).toEqual([]);
  });

  it('refuses uniforms passed in and a launch override of the shape', async () => {
    const runner = jsRunner(CONTRACT_KERNELS);
    await expect(bindKernel(runner, entry, { batch, vocab }, { buffers: { probabilities: probs, random_values: new Float32Array(batch) }, scalars: { top_p: 1, seed: 0n, offset: 0n } }, { module })).rejects.toThrow(
      /buffer 'random_values' holds the uniforms; the binding fills it from the scalars seed and offset, do not pass it/,
    );
    await using k = await bindKernel(runner, entry, { batch, vocab }, call({ seed: 0n, offset: 0n }), { module });
    await expect(k.launch({ scalars: { vocab_size: 3 } })).rejects.toThrow(/launch override 'vocab_size' is not an overridable scalar; allowed: top_p, seed, offset/);
  });
});

describe('a library-style entry: bf16 input, i64 tokens, seeded, workspace, cooperative, large shared memory', () => {
  const entry = entryOf(LIB_SAMPLER);
  const batch = 20;
  const vocab = 3;
  // 1 + 2^-9 exceeds 1 in fp32 but rounds to bf16 1: the kernel sees a tie, and its argmax is the first index
  const row = [1, 1 + 2 ** -9, 0.5];
  const probs = Float32Array.from({ length: batch * vocab }, (_, i) => row[i % vocab] as number);
  const good = () => ({ buffers: { probs }, scalars: { top_p: 0.5, seed: 5n, offset: 1n } });

  it('encodes fp32 rows to bf16 (round to nearest even); the widened rows are what the kernel compared', async () => {
    const { runner, calls } = countingRunner(jsRunner(CONTRACT_KERNELS));
    await using k = await bindKernel(runner, entry, { batch, vocab }, good(), { module });
    expect(calls[0]).toEqual({ op: 'upload', bytes: batch * vocab * 2 });
    expect((await k.launch()).ok).toBe(true);
    const widened = widenedRows(entry, { data: probs, batch, vocab }).data;
    expect([...widened.subarray(0, 3)]).toEqual([1, 1, 0.5]);
    const tokens = await k.read('out_tokens');
    expect(tokens).toBeInstanceOf(BigInt64Array);
    expect([...tokens]).toEqual(Array.from({ length: batch }, () => 0n));
    expect([...(await k.readTokens())]).toEqual(Array.from({ length: batch }, () => 0));
    const raw = await bindKernel(runner, entry, { batch, vocab }, { ...good(), buffers: { probs: encodeElements('bf16', probs) } }, { module });
    expect((await raw.launch()).ok).toBe(true);
    expect([...(await raw.read('out_tokens'))]).toEqual([...tokens]);
    await raw.free();
  });

  it('rejects an input of another array type, naming both accepted forms', async () => {
    await expect(bindKernel(jsRunner(CONTRACT_KERNELS), entry, { batch, vocab }, { ...good(), buffers: { probs: new Int32Array(batch * vocab) } }, { module })).rejects.toThrow(
      /buffer 'probs' \(bf16\*\) must be a Float32Array \(encoded to bf16, round to nearest even\) or Uint16Array of raw bits, got Int32Array/,
    );
    expect(bf16Bits(1 + 2 ** -9)).toBe(bf16Bits(1));
  });

  it('allocates batch·64 workspace bytes, zeroes them before every launch and frees them', async () => {
    const inner = jsRunner(CONTRACT_KERNELS);
    const { runner, calls } = countingRunner(inner);
    const k = await bindKernel(runner, entry, { batch, vocab }, good(), { module });
    const ws = k.buffers.find((b) => b.name === 'ws');
    expect(ws).toMatchObject({ role: 'workspace', bytes: batch * 64, owned: true });
    for (let i = 0; i < 3; i++) {
      expect((await k.launch({ scalars: { offset: BigInt(i) } })).ok).toBe(true);
      // the kernel dirties the workspace every time; it still found it zeroed
      expect([...(await k.read('success'))]).toEqual(Array.from({ length: batch }, () => 1));
      expect(inner.launches[i]?.zeroBefore).toEqual([{ buffer: ws?.handle, bytes: batch * 64 }]);
    }
    await k.free();
    expect(liveBytes(calls)).toBe(0);
  });

  it('launches cooperatively with the grid from the device multiprocessors and shared memory above 48 KiB', async () => {
    const runner = jsRunner(CONTRACT_KERNELS, { multiprocessors: 4 });
    await using k = await bindKernel(runner, entry, { batch, vocab }, good(), { module });
    expect(k.launchGeometry).toEqual({ grid: 8, block: 128, sharedBytes: 64 * 1024 + 128 * 16, cooperative: true });
    await k.launch();
    expect(runner.launches[0]).toMatchObject({ grid: { x: 8 }, cooperative: true, sharedBytes: 67584 });
    // seed/offset reach the parameters declared by role, under the caller's names seed and offset
    expect(runner.launches[0]?.args.slice(7)).toEqual([
      { type: 'u64', value: 5n },
      { type: 'u64', value: 1n },
    ]);
    await using big = await bindKernel(jsRunner(CONTRACT_KERNELS, { multiprocessors: 132 }), entry, { batch, vocab }, good(), { module });
    expect(big.launchGeometry.grid).toBe(20);
  });

  it('refuses shared memory above the device opt-in maximum and seed given twice, before any device call', async () => {
    const { runner, calls } = countingRunner(jsRunner(CONTRACT_KERNELS, { maxSharedBytesPerBlockOptin: 48 * 1024 }));
    await expect(bindKernel(runner, entry, { batch, vocab }, good(), { module })).rejects.toThrow(
      /lib_top_p: launch\.sharedBytes is 67584 bytes for batch 20 × vocab 3, above the device's opt-in maximum of 49152 bytes per block/,
    );
    const twice = { buffers: { probs }, scalars: { top_p: 0.5, seed: 5n, philox_seed: 5n, offset: 0n } };
    await expect(bindKernel(jsRunner(CONTRACT_KERNELS), entry, { batch, vocab }, twice, { module })).rejects.toThrow(/scalar 'philox_seed' is given twice \(also as 'seed'\)/);
    expect(calls).toEqual([]);
  });
});

describe('a pipeline entry: one call of several launches', () => {
  const entry = entryOf(PIPELINE);
  const batch = 5;
  const vocab = 4;
  const probs = Float32Array.from({ length: batch * vocab }, (_, i) => (i % 3) + 0.5);
  const inputs = { buffers: { probabilities: probs }, scalars: { seed: 11n, offset: 2n } };

  it('launches every stage in order with its own function, geometry and arguments; the call time is their sum', async () => {
    const runner = jsRunner(CONTRACT_KERNELS);
    await using k = await bindKernel(runner, entry, { batch, vocab }, inputs, { module, budgetMs: 50 });
    expect(k.stageGeometry).toEqual([
      { grid: 5, block: 256, sharedBytes: 0, cooperative: false },
      { grid: 2, block: 4, sharedBytes: 0, cooperative: false },
    ]);
    const r = await k.launch();
    expect(r).toMatchObject({ ok: true, ms: 0.75 });
    expect(k.lastStageMs).toEqual([0.5, 0.25]);
    expect(runner.launches.map((l) => [l.fn, l.grid.x, l.block.x, l.budgetMs])).toEqual([
      ['prefix_sum', 5, 256, 50],
      ['pick_from_cdf', 2, 4, 50],
    ]);
    const cdf = k.buffers.find((b) => b.name === 'cdf');
    expect(cdf).toMatchObject({ role: 'intermediate', bytes: batch * vocab * 4, owned: true });
    expect(runner.launches[0]?.args[1]).toEqual({ type: 'ptr', buffer: cdf?.handle });
    expect(runner.launches[1]?.args[0]).toEqual({ type: 'ptr', buffer: cdf?.handle });
    // two uniforms per row, row-major; the second stage reads the second of its row
    const u = generateUniform(11n, 2n, 2 * batch);
    expect(k.uniforms()).toEqual(u);
    const want = rowsOf(probs, vocab).map((row, r) => cdfPick(row.map(Math.fround), u[2 * r + 1] as number));
    expect([...(await k.read('output'))]).toEqual(want);
    const sums = await k.read('cdf');
    expect(sums[vocab - 1]).toBe(Math.fround(Math.fround(Math.fround(0.5 + 1.5) + 2.5) + 0.5));
  });

  it('stops at a stage that fails and returns its result, naming its function', async () => {
    const runner = jsRunner({ ...CONTRACT_KERNELS, pick_from_cdf: CONTRACT_KERNELS.hang as never, prefix_sum: CONTRACT_KERNELS.prefix_sum as never });
    await using k = await bindKernel(runner, entry, { batch, vocab }, inputs, { module });
    const r = await k.launch();
    expect(r).toMatchObject({ ok: false, kind: 'watchdog', kernel: 'pick_from_cdf' });
    const first = jsRunner({ prefix_sum: CONTRACT_KERNELS.hang as never, pick_from_cdf: CONTRACT_KERNELS.pick_from_cdf as never });
    await using k2 = await bindKernel(first, entry, { batch, vocab }, inputs, { module });
    expect(await k2.launch()).toMatchObject({ ok: false, kind: 'watchdog', kernel: 'prefix_sum' });
    expect(first.launches.map((l) => l.fn)).toEqual(['prefix_sum']);
  });

  it('counts the intermediates in the device memory the call needs', async () => {
    const { runner, calls } = countingRunner(jsRunner(CONTRACT_KERNELS, { totalMemBytes: 100 }));
    // probabilities 80 + uniforms 40 + output 20 + cdf 80 = 220 bytes
    await expect(bindKernel(runner, entry, { batch, vocab }, inputs, { module })).rejects.toThrow(/the call needs 220 bytes of device memory for batch 5 × vocab 4, more than the device's 100 bytes/);
    expect(calls).toEqual([]);
  });
});
