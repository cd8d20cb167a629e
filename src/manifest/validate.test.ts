import { describe, expect, it } from 'vitest';
import { ManifestError } from './manifest-error.ts';
import { validateManifest } from './validate.ts';

type Mutable = Record<string, unknown>;

function entry(): Mutable {
  return {
    name: 'top_p_sampling_exact',
    file: 'sampling.hip',
    function: 'top_p_sampling_exact',
    family: 'topp',
    params: [
      { name: 'probs', type: 'f32*', role: 'in', shape: 'batch*vocab' },
      { name: 'token', type: 'i32*', role: 'out', shape: 'batch' },
      { name: 'valid', type: 'i32*', role: 'out', shape: 'batch' },
      { name: 'top_p_arr', type: 'f32*', role: 'per-row', shape: 'batch', nullable: true, range: [1e-45, 1], fallback: 'top_p' },
      { name: 'top_p', type: 'f32', role: 'scalar', range: [1e-45, 1] },
      { name: 'batch', type: 'i32', role: 'scalar' },
      { name: 'vocab', type: 'i32', role: 'scalar', range: [1, 2097152] },
      { name: 'seed', type: 'u64', role: 'scalar' },
      { name: 'offset', type: 'u64', role: 'scalar' },
    ],
    launch: { grid: 'batch', block: 512, sharedBytes: 0 },
    reference: { op: 'sample', filter: 'top-p' },
    tiePolicy: 'exact',
    rng: { uniformsPerRow: 1, subsequence: 'row' },
    workspaceBytes: 0,
    outputs: { token: 'sampled index', valid: 'row validity' },
  };
}

const opts = { file: 'manifest.json', dir: '/k', fileExists: (f: string) => f === 'sampling.hip' };

function validate(entries: unknown[]): ReturnType<typeof validateManifest> {
  return validateManifest({ version: 1, entries }, opts);
}

/** Applies `mutate` to a fresh valid entry and returns the ManifestError it provokes. */
function errorOf(mutate: (e: Mutable) => void): ManifestError {
  const e = entry();
  mutate(e);
  try {
    validate([e]);
  } catch (err) {
    if (err instanceof ManifestError) return err;
    throw err;
  }
  throw new Error('expected a ManifestError');
}

function params(e: Mutable): Mutable[] {
  return e.params as Mutable[];
}

describe('validateManifest', () => {
  it('accepts a well-formed entry and keeps its fields', () => {
    const m = validate([entry()]);
    expect(m.entries).toHaveLength(1);
    expect(m.entries[0]?.params[3]).toEqual({
      name: 'top_p_arr',
      type: 'f32*',
      role: 'per-row',
      shape: 'batch',
      nullable: true,
      range: [1e-45, 1],
      fallback: 'top_p',
    });
    expect(m.entries[0]?.tiePolicy).toBe('exact');
  });

  it('keeps an optional per-kernel time budget and rejects a malformed one, naming the field and range', () => {
    expect(validate([entry()]).entries[0]?.budget).toBeUndefined();
    const e = entry();
    e.budget = { baseMs: 1, msPerMElement: 0.05 };
    expect(validate([e]).entries[0]?.budget).toEqual({ baseMs: 1, msPerMElement: 0.05 });
    expect(errorOf((x) => (x.budget = { baseMs: 0, msPerMElement: 0 })).message).toMatch(/budget\.baseMs.*\(0, 600000\], got 0/);
    expect(errorOf((x) => (x.budget = { baseMs: 1, msPerMElement: -1 })).message).toMatch(/budget\.msPerMElement.*\[0, 600000\], got -1/);
    expect(errorOf((x) => (x.budget = { baseMs: 1, msPerMElement: 0, ms: 3 })).message).toMatch(/budget\.ms.*unknown field/);
    expect(errorOf((x) => (x.budget = 5)).message).toMatch(/budget.*expected an object/);
  });

  it('rejects the wrong top level', () => {
    expect(() => validateManifest({ version: 2, entries: [entry()] }, opts)).toThrow(/field 'version'/);
    expect(() => validateManifest({ version: 1, entries: [] }, opts)).toThrow(/field 'entries'/);
    expect(() => validateManifest({ version: 1, entries: [entry()], extra: 1 }, opts)).toThrow(/field 'extra': unknown field/);
    expect(() => validateManifest([], opts)).toThrow(ManifestError);
  });

  const cases: Array<[string, (e: Mutable) => void, string, RegExp]> = [
    ['unknown entry field', (e) => (e.colour = 'red'), 'colour', /unknown field/],
    ['missing field', (e) => delete e.rng, 'rng', /missing/],
    ['missing file', (e) => (e.file = 'nope.hip'), 'file', /does not exist/],
    ['escaping path', (e) => (e.file = '../x.hip'), 'file', /inside the manifest directory/],
    ['bad function name', (e) => (e.function = 'top-p'), 'function', /C identifier/],
    ['bad family', (e) => (e.family = 'nucleus'), 'family', /expected one of/],
    ['bad param type', (e) => (params(e)[0]!.type = 'f64*'), 'params[0].type', /expected one of/],
    ['unknown param field', (e) => (params(e)[0]!.dtype = 'f32'), 'params[0].dtype', /unknown field/],
    ['scalar with pointer type', (e) => (params(e)[4]!.type = 'f32*'), 'params[4].type', /pointer type/],
    ['buffer without shape', (e) => delete params(e)[0]!.shape, 'params[0].shape', /missing/],
    ['nullable input buffer', (e) => (params(e)[0]!.nullable = true), 'params[0].nullable', /only per-row/],
    ['inverted range', (e) => (params(e)[4]!.range = [1, 0]), 'params[4].range', /exceeds/],
    ['non-finite range', (e) => (params(e)[4]!.range = [0, null]), 'params[4].range', /finite/],
    ['fallback to a missing scalar', (e) => (params(e)[3]!.fallback = 'p'), 'params[3].fallback', /not a scalar/],
    ['fallback to a reserved scalar', (e) => (params(e)[3]!.fallback = 'batch'), 'params[3].fallback', /reserved batch scalar/],
    ['fallback of the wrong type', (e) => (params(e)[4]!.type = 'i32'), 'params[3].fallback', /'top_p' has type i32, expected f32/],
    ['duplicate param', (e) => (params(e)[1]!.name = 'probs'), 'params[1].name', /duplicate parameter/],
    ['reserved scalar misdeclared', (e) => (params(e)[7]!.type = 'u32'), 'params[7]', /reserved/],
    ['missing vocab', (e) => (e.params = params(e).filter((p) => p.name !== 'vocab')), 'params', /'vocab'/],
    ['block too large', (e) => (e.launch = { grid: 'batch', block: 2048, sharedBytes: 0 }), 'launch.block', /\[1, 1024\]/],
    ['bad grid rule', (e) => (e.launch = { grid: 'rows', block: 512, sharedBytes: 0 }), 'launch.grid', /unknown name 'rows'/],
    ['bad workspace', (e) => (e.workspaceBytes = -4), 'workspaceBytes', /non-negative/],
    ['sample without filter', (e) => (e.reference = { op: 'sample' }), 'reference.filter', /required/],
    ['fused without order', (e) => (e.reference = { op: 'sample', filter: 'top-k-top-p' }), 'reference.order', /top-k-top-p/],
    ['bad tie policy', (e) => (e.tiePolicy = 'stable'), 'tiePolicy', /ties-kept, exact/],
    ['two uniforms per row', (e) => (e.rng = { uniformsPerRow: 2, subsequence: 'row' }), 'rng.uniformsPerRow', /must be 1/],
    ['sampler without rng', (e) => (e.rng = null), 'rng', /randomness/],
    ['undescribed output', (e) => (e.outputs = { token: 'x' }), 'outputs.valid', /missing description/],
    ['output that is not written', (e) => (e.outputs = { token: 'x', valid: 'y', probs: 'z' }), 'outputs.probs', /unknown field/],
  ];
  it.each(cases)('%s: names entry and field', (_label, mutate, field, problem) => {
    const err = errorOf(mutate);
    expect(err.entry).toBe('top_p_sampling_exact');
    expect(err.field).toBe(field);
    expect(err.message).toMatch(problem);
    expect(err.message).toContain(`entry 'top_p_sampling_exact' field '${field}'`);
  });

  it('rejects duplicate entry names and a symbol declared twice', () => {
    expect(() => validate([entry(), entry()])).toThrow(/field 'name': duplicate entry name/);
    const twin = entry();
    twin.name = 'alias';
    expect(() => validate([entry(), twin])).toThrow(/entry 'alias' field 'function': 'top_p_sampling_exact' in sampling.hip is already entry/);
  });

  it('labels an unnamed entry by its index', () => {
    const e = entry();
    delete e.name;
    expect(() => validate([e])).toThrow(/entry '#0' field 'name'/);
  });
});
