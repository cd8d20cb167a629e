/** planCall against the shipped manifest: every entry plans with valid inputs; bad scalars are named with their range. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/load.ts';
import type { ManifestEntry } from '../../src/manifest/types.ts';
import { planCall, type CallInputs } from './call-plan.ts';

const manifest = loadManifest(path.resolve(import.meta.dirname, '..', '..', 'kernels'));
const GIB = 2 ** 30;
const shape = { batch: 2, vocab: 8 };

/** Valid inputs for any entry: every in/inout buffer, every filter scalar at a legal value, seed and offset. */
function validInputs(entry: ManifestEntry): CallInputs {
  const buffers: Record<string, Float32Array> = {};
  const scalars: Record<string, number | bigint> = {};
  for (const p of entry.params) {
    if ((p.role === 'in' || p.role === 'inout') && p.type === 'f32*') buffers[p.name] = new Float32Array(p.shape === 'batch' ? 2 : 16).fill(0.125);
    if (p.role === 'scalar' && p.type === 'u64') scalars[p.name] = 3n;
    else if (p.role === 'scalar' && p.name !== 'batch' && p.name !== 'vocab') scalars[p.name] = p.range ? Math.min(1, p.range[1]) : 1;
  }
  return { buffers, scalars };
}

describe('planCall on kernels/manifest.json', () => {
  it.each(manifest.entries.map((e) => [e.name, e] as const))('plans %s in ABI order', (_name, entry) => {
    const plan = planCall(entry, shape, validInputs(entry), GIB);
    expect(plan.args.map((a) => a.param.name)).toEqual(entry.params.map((p) => p.name));
    expect(plan.launch.grid).toBeGreaterThanOrEqual(1);
    const perRow = plan.args.filter((a) => a.param.role === 'per-row');
    expect(perRow.every((a) => a.kind === 'null')).toBe(true);
    const vocabArg = plan.args.find((a) => a.param.name === 'vocab');
    expect(vocabArg).toMatchObject({ kind: 'scalar', value: 8 });
  });

  const topP = manifest.entries.find((e) => e.name === 'top_p_sampling_exact') as ManifestEntry;
  const plan = (scalars: Record<string, number | bigint>, buffers: Record<string, unknown> = {}) =>
    planCall(topP, shape, { buffers: { probs: new Float32Array(16), ...buffers } as never, scalars: { seed: 0n, offset: 0n, ...scalars } }, GIB);

  it('checks f32 scalars after rounding to fp32, naming the kernel, parameter and range', () => {
    expect(() => plan({ top_p: 0 })).toThrow(/top_p_sampling_exact: top_p \(f32\) must be a number in \[1\.4\d*e-45, 1\], got 0/);
    expect(() => plan({ top_p: 1e-46 })).toThrow(/got 1e-46 \(fp32 0\)/);
    expect(() => plan({ top_p: Number.NaN })).toThrow(RangeError);
    expect(() => plan({ top_p: 1.0000001 })).toThrow(RangeError);
    expect(() => plan({ top_p: 0.9 })).not.toThrow();
    expect(plan({ top_p: 0.9 }).args.find((a) => a.param.name === 'top_p')).toMatchObject({ value: Math.fround(0.9) });
  });

  it('range-checks every element of a per-row f32 array', () => {
    expect(() => plan({}, { top_p_arr: new Float32Array([0.5, Number.NaN]) })).toThrow(/top_p_arr\[1\] \(f32\) must be a number in/);
    expect(() => plan({}, { top_p_arr: new Float32Array([0.5, 1]) })).not.toThrow();
    expect(() => plan({}, { top_p_arr: new Float32Array([0.5]) })).toThrow(/buffer 'top_p_arr' must have length batch = 2, got 1/);
  });

  it('rejects a u64 given as an unsafe number and a scalar given as a bigint', () => {
    expect(() => plan({ top_p: 0.5, seed: 2 ** 60 })).toThrow(TypeError);
    expect(() => plan({ top_p: 0.5, seed: 2 ** 40 })).not.toThrow();
    expect(() => plan({ top_p: 1n })).toThrow(/top_p \(f32\) must be a number .* got the bigint 1/);
  });
});
