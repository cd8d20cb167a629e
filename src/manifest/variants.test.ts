import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from './load.ts';
import { ManifestError } from './manifest-error.ts';
import { validateManifest } from './validate.ts';

const KERNELS = resolve(import.meta.dirname, '../../kernels');

function base(): Record<string, unknown> {
  return {
    name: 'top_p',
    file: 'sampling.hip',
    function: 'top_p',
    family: 'topp',
    params: [
      { name: 'probs', type: 'f32*', role: 'in', shape: 'inputBatch*vocab' },
      { name: 'token', type: 'i32*', role: 'out', shape: 'batch' },
      { name: 'valid', type: 'i32*', role: 'out', shape: 'batch' },
      { name: 'indices', type: 'i32*', role: 'indices', shape: 'batch', nullable: true },
      { name: 'top_p', type: 'f32', role: 'scalar', range: [1e-45, 1] },
      { name: 'batch', type: 'i32', role: 'scalar' },
      { name: 'input_batch', type: 'i32', role: 'input-batch' },
      { name: 'vocab', type: 'i32', role: 'scalar', range: [1, 2097152] },
      { name: 'seed', type: 'u64', role: 'scalar' },
      { name: 'offset', type: 'u64', role: 'scalar' },
    ],
    launch: { grid: 'batch', block: 512, sharedBytes: 0 },
    reference: { op: 'sample', filter: 'top-p' },
    tiePolicy: 'exact',
    rng: { mode: 'philox-replay' },
    outputs: { token: 'sampled index', valid: 'row validity' },
    review: ['a note about the base'],
  };
}

const variant = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'top_p_bf16',
  variantOf: 'top_p',
  file: 'sampling_bf16.hip',
  function: 'top_p_bf16',
  paramTypes: { probs: 'bf16*' },
  ...extra,
});

const opts = { file: 'manifest.json', dir: '/k', fileExists: (f: string) => f.endsWith('.hip') };
const validate = (entries: unknown[]) => validateManifest({ version: 1, entries }, opts);

function problem(entries: unknown[]): string {
  try {
    validate(entries);
  } catch (err) {
    if (err instanceof ManifestError) return `${err.entry ?? ''} ${err.field}: ${err.problem}`;
    throw err;
  }
  throw new Error('expected a ManifestError');
}

describe('element-type variants', () => {
  it('expand into their base with the named types, its contract and launch, and keep variantOf', () => {
    const [b, v, w] = validate([base(), variant(), variant({ name: 'top_p_idx64', function: 'top_p_idx64', file: 'sampling_idx64.hip', paramTypes: { indices: 'i64*' } })]).entries;
    if (b === undefined || v === undefined || w === undefined) throw new Error('three entries expected');
    expect(b.variantOf).toBeUndefined();
    expect(v.variantOf).toBe('top_p');
    expect({ ...v, name: b.name, file: b.file, function: b.function, params: b.params, variantOf: undefined, stages: b.stages }).toEqual({ ...b, variantOf: undefined, review: undefined });
    expect(v.review).toBeUndefined(); // the base's notes are about the base
    expect(v.params.map((p) => p.type)).toEqual(b.params.map((p) => (p.name === 'probs' ? 'bf16*' : p.type)));
    expect(v.stages).toEqual([{ function: 'top_p_bf16', launch: b.launch, args: b.params.map((p) => p.name) }]);
    expect(w.params.find((p) => p.name === 'indices')?.type).toBe('i64*');
  });

  it('name the base before or after themselves', () => {
    expect(validate([variant(), base()]).entries[0]?.variantOf).toBe('top_p');
  });

  it('reject what would make them more than an element type away from their base', () => {
    expect(problem([base(), variant({ variantOf: 'nothing' })])).toBe("top_p_bf16 variantOf: no entry named 'nothing' in this manifest");
    expect(problem([base(), variant(), variant({ name: 'v2', function: 'v2', variantOf: 'top_p_bf16' })])).toMatch(/^v2 variantOf: 'top_p_bf16' is itself a variant/);
    expect(problem([base(), variant({ launch: { grid: 1, block: 1 } })])).toMatch(/^top_p_bf16 launch: unknown field \(allowed: name, variantOf, file, function, paramTypes, review\)/);
    expect(problem([base(), variant({ paramTypes: { top_p: 'f16' } })])).toMatch(/^top_p_bf16 paramTypes.top_p: only the row input's element type .* and the indices' type .* may vary/);
    expect(problem([base(), variant({ paramTypes: { probs: 'i32*' } })])).toBe('top_p_bf16 paramTypes.probs: expected one of f32*, f16*, bf16*, got "i32*"');
    expect(problem([base(), variant({ paramTypes: { indices: 'u32*' } })])).toBe('top_p_bf16 paramTypes.indices: expected one of i32*, i64*, got "u32*"');
    expect(problem([base(), variant({ paramTypes: { probs: 'f32*' } })])).toMatch(/^top_p_bf16 paramTypes: every type equals the base's/);
    expect(problem([base(), variant({ paramTypes: {} })])).toMatch(/^top_p_bf16 paramTypes: expected at least one parameter/);
    expect(problem([base(), variant({ paramTypes: { nope: 'f16*' } })])).toMatch(/^top_p_bf16 paramTypes.nope: unknown field/);
    const { function: _fn, ...noFunction } = variant();
    expect(problem([base(), noFunction])).toMatch(/^top_p_bf16 function: missing/);
    expect(problem([base(), variant({ function: 'top_p', file: 'sampling.hip' })])).toBe("top_p_bf16 function: 'top_p' in sampling.hip is already entry 'top_p'");
  });

  it('the shipped manifest: every f32 sampler, renorm, mask-logits and softmax kernel in f16 and bf16, every sampler with int64 indices', () => {
    const entries = loadManifest(KERNELS).entries;
    const byName = new Map(entries.map((e) => [e.name, e]));
    const ops = ['sample', 'sample-logits', 'renorm', 'mask-logits', 'softmax'];
    const bases = entries.filter((e) => e.variantOf === undefined && ops.includes(e.reference.op));
    expect(bases.length).toBe(18);
    for (const b of bases) {
      const rowType = (name: string) => byName.get(name)?.params.find((p) => p.role === 'in')?.type;
      expect([rowType(b.name), rowType(`${b.name}_f16`), rowType(`${b.name}_bf16`)], b.name).toEqual(['f32*', 'f16*', 'bf16*']);
      const sampler = b.reference.op === 'sample' || b.reference.op === 'sample-logits';
      expect(b.params.find((p) => p.role === 'indices')?.type, b.name).toBe(sampler ? 'i32*' : undefined);
      if (sampler) expect(byName.get(`${b.name}_idx64`)?.params.find((p) => p.role === 'indices')?.type, b.name).toBe('i64*');
    }
    for (const v of entries.filter((e) => e.variantOf !== undefined)) expect(byName.get(v.variantOf as string)?.variantOf, v.name).toBeUndefined();
  });
});
