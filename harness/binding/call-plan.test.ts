/** planCall against the shipped manifest: every entry plans with valid inputs; bad scalars are named with their range. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/load.ts';
import type { LaunchShape, ManifestEntry } from '../../src/manifest/types.ts';
import { encodeElements } from '../../src/manifest/elements.ts';
import { generateUniform } from '../../src/rng/generate-uniform.ts';
import { elementCount, planCall, type CallInputs } from './call-plan.ts';
import { LIB_SAMPLER, PIPELINE, entryOf } from '../../test/binding/contract-entries.ts';

const manifest = loadManifest(path.resolve(import.meta.dirname, '..', '..', 'kernels'));
const GIB = { totalMemBytes: 2 ** 30, multiprocessors: 132, maxSharedBytesPerBlockOptin: 227 * 1024 };
const shape = { batch: 2, vocab: 8 };

/** The test shape for an entry: a speculative sampler's also has a draft length. */
const shapeOf = (entry: ManifestEntry): LaunchShape => (entry.params.some((p) => p.role === 'draft') ? { ...shape, draft: 2 } : shape);

/** Valid inputs for any entry: every in/inout buffer, every filter scalar at a legal value, seed and offset. */
function validInputs(entry: ManifestEntry): CallInputs {
  const buffers: Record<string, Float32Array | Int32Array> = {};
  const scalars: Record<string, number | bigint> = {};
  for (const p of entry.params) {
    if ((p.role === 'in' || p.role === 'inout') && (p.type === 'f32*' || p.type === 'f16*' || p.type === 'bf16*')) buffers[p.name] = new Float32Array(elementCount(p, shapeOf(entry))).fill(0.125);
    if (p.role === 'in' && p.type === 'i32*') buffers[p.name] = new Int32Array(elementCount(p, shapeOf(entry)));
    if (p.role === 'scalar' && p.type === 'u64') scalars[p.name] = 3n;
    else if (p.role === 'scalar' && p.name !== 'batch' && p.name !== 'vocab') scalars[p.name] = p.range ? Math.min(1, p.range[1]) : 1;
  }
  return { buffers, scalars };
}

describe('planCall on kernels/manifest.json', () => {
  it.each(manifest.entries.map((e) => [e.name, e] as const))('plans %s in ABI order', (_name, entry) => {
    const plan = planCall(entry, shapeOf(entry), validInputs(entry), GIB);
    expect(plan.args.map((a) => a.param.name)).toEqual(entry.params.map((p) => p.name));
    expect(plan.launch.grid).toBeGreaterThanOrEqual(1);
    const perRow = plan.args.filter((a) => a.param.role === 'per-row');
    expect(perRow.every((a) => a.kind === 'null')).toBe(true);
    const vocabArg = plan.args.find((a) => a.param.name === 'vocab');
    expect(vocabArg).toMatchObject({ kind: 'scalar', value: 8 });
  });

  it('refuses a workspace no parameter receives, naming the bytes and the shape', () => {
    const e = manifest.entries.find((x) => x.name === 'temperature_scale') as ManifestEntry;
    const withWorkspace = { ...e, workspaceBytes: 'batch * 64' } as ManifestEntry;
    expect(() => planCall(withWorkspace, shape, validInputs(e), GIB)).toThrow(
      /temperature_scale: workspaceBytes is 128 for batch 2 × vocab 8, but no parameter has role 'workspace' to receive it/,
    );
    expect(planCall({ ...e, workspaceBytes: 0 } as ManifestEntry, shape, validInputs(e), GIB).args.length).toBe(e.params.length);
  });

  it('launches what a derived single-kernel entry says (its function and launch), as before pipelines existed', () => {
    const e = manifest.entries.find((x) => x.name === 'softmax') as ManifestEntry;
    const derived = { ...e, function: 'hang', launch: { ...e.launch, block: 64 } };
    const plan = planCall(derived, shape, validInputs(e), GIB);
    expect(plan.stages.map((s) => [s.function, s.launch.block, s.args])).toEqual([['hang', 64, e.params.map((p) => p.name)]]);
  });

  const topP = manifest.entries.find((e) => e.name === 'top_p_sampling_exact') as ManifestEntry;
  const plan = (scalars: Record<string, number | bigint>, buffers: Record<string, unknown> = {}) =>
    planCall(topP, shape, { buffers: { probs: new Float32Array(16), ...buffers } as never, scalars: { seed: 0n, offset: 0n, ...scalars } }, GIB);

  it('checks f32 scalars by the contract, then after rounding to fp32 by the manifest range, naming kernel, parameter and range', () => {
    expect(() => plan({ top_p: 0 })).toThrow(/top_p_sampling_exact: top_p \(f32\) must be in \(0, 1\], got 0/);
    // in the contract's (0, 1], but the kernel would see fp32 0
    expect(() => plan({ top_p: 1e-46 })).toThrow(/top_p \(f32\) must be a number in \[1\.4\d*e-45, 1\], got 1e-46 \(fp32 0\)/);
    expect(() => plan({ top_p: Number.NaN })).toThrow(RangeError);
    expect(() => plan({ top_p: 1.0000001 })).toThrow(RangeError);
    expect(() => plan({ top_p: 0.9 })).not.toThrow();
    expect(plan({ top_p: 0.9 }).args.find((a) => a.param.name === 'top_p')).toMatchObject({ value: Math.fround(0.9) });
  });

  it('range-checks every element of a per-row f32 array', () => {
    expect(() => plan({}, { top_p_arr: new Float32Array([0.5, Number.NaN]) })).toThrow(/per-row 'top_p_arr'\[1\] \(f32\) must be in \(0, 1\], got NaN/);
    expect(() => plan({}, { top_p_arr: new Float32Array([0.5, 1]) })).not.toThrow();
    expect(() => plan({}, { top_p_arr: new Float32Array([0.5]) })).toThrow(/buffer 'top_p_arr' must have 2 elements \(batch\), got 1/);
  });

  it('rejects a u64 given as an unsafe number and a scalar given as a bigint', () => {
    expect(() => plan({ top_p: 0.5, seed: 2 ** 60 })).toThrow(TypeError);
    expect(() => plan({ top_p: 0.5, seed: 2 ** 40 })).not.toThrow();
    expect(() => plan({ top_p: 1n })).toThrow(/top_p \(f32\) must be a number .* got the bigint 1/);
  });

  const withParam = (entry: ManifestEntry, name: string, change: object): ManifestEntry => ({
    ...entry,
    params: entry.params.map((p) => (p.name === name ? { ...p, ...change } : p)),
  });
  const byName = (name: string): ManifestEntry => manifest.entries.find((e) => e.name === name) as ManifestEntry;

  it('holds top_k, min_p and temperature to the contract ranges of src/reference, scalar and per-row', () => {
    const topK = byName('top_k_sampling_exact');
    const logits = byName('sampling_from_logits');
    const minP = byName('min_p_sampling');
    const call = (e: ManifestEntry, scalars: Record<string, number>, buffers: Record<string, unknown> = {}) => () =>
      planCall(e, shape, { buffers: { [e.params[0]?.name as string]: new Float32Array(16), ...buffers } as never, scalars: { seed: 0n, offset: 0n, ...scalars } }, GIB);
    expect(call(topK, { top_k: 0 })).toThrow(/top_k_sampling_exact: top_k \(i32\) must be an integer in \[1, 2147483647\], got 0/);
    expect(call(topK, { top_k: 1.5 })).toThrow(TypeError);
    expect(call(logits, { temperature: 0 })).toThrow(/temperature \(f32\) must be finite and > 0, got 0/);
    expect(call(logits, { temperature: Infinity })).toThrow(/temperature \(f32\) must be finite and > 0, got Infinity/);
    expect(call(logits, { temperature: 1 }, { temperature_arr: new Float32Array([1, Infinity]) })).toThrow(/per-row 'temperature_arr'\[1\] \(f32\) must be finite and > 0/);
    expect(call(minP, { min_p: -0.1 })).toThrow(/min_p \(f32\) must be in \[0, 1\], got -0.1/);
    expect(call(minP, { min_p: 0 })).not.toThrow();
  });

  it('applies a manifest range on top of the contract, and the contract on top of a too-wide manifest range', () => {
    const narrow = withParam(topP, 'top_p', { range: [0.25, 1] });
    const wide = withParam(topP, 'top_p', { range: [0, 2] });
    const run = (e: ManifestEntry, top_p: number) => () => planCall(e, shape, { buffers: { probs: new Float32Array(16) }, scalars: { top_p, seed: 0n, offset: 0n } }, GIB);
    expect(run(narrow, 0.1)).toThrow(/top_p \(f32\) must be a number in \[0.25, 1\], got 0.1/);
    expect(run(wide, 1.5)).toThrow(/top_p \(f32\) must be in \(0, 1\], got 1.5/);
    expect(run(wide, 0.5)).not.toThrow();
  });

  it('limits vocab to < 2^21 (exact fixed-point sums) whatever the manifest allows, and accepts more than 2^31 elements', () => {
    const at = (s: { batch: number; vocab: number }, mem = 2 ** 50) => () =>
      planCall(topP, s, { buffers: { probs: new Float32Array(0) }, scalars: { top_p: 1, seed: 0n, offset: 0n } }, { ...GIB, totalMemBytes: mem });
    expect(at({ batch: 1, vocab: 2 ** 21 })).toThrow(/vocab must be an integer in \[1, 2097151\], got 2097152/);
    expect(at({ batch: 1, vocab: 2.5 })).toThrow(/vocab must be an integer/);
    // 14,200 × 151,936 fp32 = 8.6 GB: the shape passes, only the host array given here is too short
    expect(at({ batch: 14200, vocab: 151936 })).toThrow(/buffer 'probs' must have 2157491200 elements \(inputBatch·vocab\), got 0/);
    expect(at({ batch: 14200, vocab: 151936 }, 141 * 2 ** 30)).toThrow(/buffer 'probs' must have 2157491200 elements/);
    // input 8630078400 + token and valid + the split kernel's workspace 256 + 14200 · (64 + 544 · 12)
    expect(at({ batch: 14200, vocab: 151936 }, 8 * 2 ** 30)).toThrow(/the call needs 8723685056 bytes of device memory for batch 14200 × vocab 151936, more than the device's 8589934592 bytes/);
  });

  it('requires a per-row array the manifest does not declare nullable, and rejects inputs that are not an object', () => {
    const required = withParam(topP, 'top_p_arr', { nullable: undefined });
    expect(() => plan({ top_p: 0.5 })).not.toThrow();
    expect(() => planCall(required, shape, { buffers: { probs: new Float32Array(16) }, scalars: { top_p: 0.5, seed: 0n, offset: 0n } }, GIB)).toThrow(
      /buffer 'top_p_arr' \(f32\*, per-row\) is required: a host Float32Array of 2 elements \(batch\) \(not nullable\)/,
    );
    expect(() => planCall(topP, shape, null as never, GIB)).toThrow(/inputs must be \{ buffers, scalars \}, got null/);
  });
});

describe('planCall on declared contracts', () => {
  const device = { totalMemBytes: 2 ** 30, multiprocessors: 132, maxSharedBytesPerBlockOptin: 227 * 1024 };
  const f16Entry = entryOf({
    ...LIB_SAMPLER,
    params: LIB_SAMPLER.params.map((p) => (p.name === 'probs' ? { ...p, type: 'f16*' } : p)),
    workspaceBytes: 'max(batch - 2, 0) * 64',
  });
  const probs = Float32Array.of(0.1, 1 / 3, 70000, -0, 2 ** -25, 2 ** -24);

  it('encodes an f16 input from fp32, round to nearest even (inf above 65519, 0 at half the smallest subnormal)', () => {
    const plan = planCall(f16Entry, { batch: 2, vocab: 3 }, { buffers: { probs }, scalars: { top_p: 0.5, seed: 0n, offset: 0n } }, device);
    const arg = plan.args[0];
    expect(arg?.kind).toBe('upload');
    const data = (arg as { data: Uint16Array }).data;
    expect(data).toBeInstanceOf(Uint16Array);
    expect([...data]).toEqual([...encodeElements('f16', probs)]);
    expect([...data].map((h) => h.toString(16))).toEqual(['2e66', '3555', '7c00', '8000', '0', '1']);
  });

  it('plans i64 tokens at 8 bytes, u32 batch/vocab scalars with their type, and an empty workspace as a null pointer', () => {
    const plan = planCall(f16Entry, { batch: 2, vocab: 3 }, { buffers: { probs }, scalars: { top_p: 0.5, seed: 0n, offset: 0n } }, device);
    const byName = new Map(plan.args.map((a) => [a.param.name, a]));
    expect(byName.get('out_tokens')).toMatchObject({ kind: 'alloc', length: 2, bytes: 16 });
    expect(byName.get('n')).toMatchObject({ kind: 'scalar', type: 'u32', value: 2 });
    expect(byName.get('d')).toMatchObject({ kind: 'scalar', type: 'u32', value: 3 });
    expect(byName.get('ws')).toMatchObject({ kind: 'workspace', bytes: 0 });
    const bigger = planCall(f16Entry, { batch: 5, vocab: 1 }, { buffers: { probs: new Float32Array(5) }, scalars: { top_p: 0.5, seed: 0n, offset: 0n } }, device);
    expect(bigger.args.find((a) => a.param.name === 'ws')).toMatchObject({ kind: 'workspace', bytes: 192 });
    expect(bigger.deviceBytes).toBe(5 * 2 + 5 * 8 + 5 * 4 + 192);
  });

  it('draws batch·n uniforms for shape batch*n and evaluates every stage with the device multiprocessors', () => {
    const plan = planCall(entryOf(PIPELINE), { batch: 3, vocab: 2 }, { buffers: { probabilities: new Float32Array(6) }, scalars: { seed: 1n, offset: 0n } }, device);
    expect(plan.args.find((a) => a.kind === 'uniforms')).toMatchObject({ seed: 1n, offset: 0n, data: generateUniform(1n, 0n, 6) });
    expect(plan.stages.map((s) => [s.function, s.launch.grid, s.launch.block])).toEqual([
      ['prefix_sum', 3, 256],
      ['pick_from_cdf', 1, 2],
    ]);
    expect(plan.intermediates).toEqual([{ buffer: { name: 'cdf', type: 'f32*', shape: 'batch*vocab' }, length: 6, bytes: 24 }]);
    const sm = planCall(entryOf(LIB_SAMPLER), { batch: 1000, vocab: 2 }, { buffers: { probs: new Float32Array(2000) }, scalars: { top_p: 0.5, seed: 0n, offset: 0n } }, device);
    expect(sm.launch.grid).toBe(264);
  });
});
