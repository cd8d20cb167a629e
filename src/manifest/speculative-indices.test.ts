/** The speculative and indices declarations of a manifest: valid forms, what they mean, and exact errors. */
import { describe, expect, it } from 'vitest';
import { assertShape, resolveLaunch, uniformsPerRowAt } from './launch.ts';
import { ManifestError } from './manifest-error.ts';
import { paramOfRole, reservedRoleOf } from './roles.ts';
import type { ManifestEntry } from './types.ts';
import { validateManifest } from './validate.ts';

type Json = Record<string, unknown>;
const opts = { file: 'manifest.json', dir: '/k', fileExists: () => true };
const one = (e: Json): ManifestEntry => validateManifest({ version: 1, entries: [e] }, opts).entries[0] as ManifestEntry;
const params = (e: Json): Json[] => e.params as Json[];

/** A library-style chain speculative sampler: its own parameter names, i64 row offsets aside. */
function speculativeJson(): Json {
  return {
    name: 'chain_spec',
    file: 'spec.hip',
    function: 'chain_spec',
    family: 'speculative',
    params: [
      { name: 'draft_probs', type: 'f32*', role: 'in', shape: 'batch*draft*vocab' },
      { name: 'draft_token_ids', type: 'i32*', role: 'in', shape: 'batch*draft' },
      { name: 'target_probs', type: 'f32*', role: 'in', shape: 'batch*(draft+1)*vocab' },
      { name: 'output_token_ids', type: 'i32*', role: 'out', shape: 'batch*(draft+1)' },
      { name: 'accepted_num', type: 'i32*', role: 'out', shape: 'batch' },
      { name: 'emitted_num', type: 'i32*', role: 'out', shape: 'batch' },
      { name: 'valid', type: 'i32*', role: 'out', shape: 'batch' },
      { name: 'batch_size', type: 'i32', role: 'batch' },
      { name: 'num_speculative_tokens', type: 'i32', role: 'draft', range: [1, 16] },
      { name: 'd', type: 'u32', role: 'vocab', range: [1, 2097151] },
      { name: 'philox_seed', type: 'u64', role: 'seed' },
      { name: 'philox_offset', type: 'u64', role: 'offset' },
    ],
    launch: { grid: 'batch', block: 256, sharedBytes: 'draft * 8' },
    reference: { op: 'chain-speculative' },
    tiePolicy: null,
    rng: { mode: 'philox-replay', uniformsPerRow: 'draft + 1' },
    assumes: { normalized: true },
    speculative: { accepted: 'accepted_num', emitted: 'emitted_num' },
    outputs: { output_token_ids: 'tokens', accepted_num: 'accepted', emitted_num: 'emitted', valid: 'valid' },
  };
}

/** A top-p sampler whose output row i reads probability row indices[i]. */
function indexedJson(type = 'i32*', nullable = true): Json {
  return {
    name: 'top_p_indexed',
    file: 'k.hip',
    function: 'top_p_indexed',
    family: 'topp',
    params: [
      { name: 'probs', type: 'f32*', role: 'in', shape: 'inputBatch*vocab' },
      { name: 'token', type: 'i32*', role: 'out', shape: 'batch' },
      { name: 'valid', type: 'i32*', role: 'out', shape: 'batch' },
      { name: 'indices', type, role: 'indices', shape: 'batch', ...(nullable ? { nullable: true } : {}) },
      { name: 'top_p', type: 'f32', role: 'scalar', range: [1e-45, 1] },
      { name: 'batch', type: 'i32', role: 'scalar' },
      { name: 'input_rows', type: 'i32', role: 'input-batch' },
      { name: 'vocab', type: 'i32', role: 'scalar', range: [1, 2097152] },
      { name: 'seed', type: 'u64', role: 'scalar' },
      { name: 'offset', type: 'u64', role: 'scalar' },
    ],
    launch: { grid: 'batch', block: 512 },
    reference: { op: 'sample', filter: 'top-p' },
    tiePolicy: 'exact',
    rng: { mode: 'philox-replay' },
    outputs: { token: 'token', valid: 'valid' },
  };
}

function errorOf(base: () => Json, mutate: (e: Json) => void): ManifestError {
  const e = base();
  mutate(e);
  try {
    one(e);
  } catch (err) {
    if (err instanceof ManifestError) return err;
    throw err;
  }
  throw new Error('expected a ManifestError');
}

describe('a chain-speculative entry', () => {
  it('names its buffers (the unnamed ones found by shape), draws draft + 1 uniforms per row and launches per draft length', () => {
    const e = one(speculativeJson());
    expect(e.speculative).toEqual({
      draftProbs: 'draft_probs',
      draftTokens: 'draft_token_ids',
      targetProbs: 'target_probs',
      tokens: 'output_token_ids',
      accepted: 'accepted_num',
      emitted: 'emitted_num',
    });
    expect(e.tokenOutput).toBeNull();
    expect(e.validOutput).toBe('valid');
    expect(reservedRoleOf(paramOfRole(e, 'draft') as never)).toBe('draft');
    expect(uniformsPerRowAt(e, { batch: 3, vocab: 10, draft: 4 })).toBe(5);
    expect(resolveLaunch(e, { batch: 3, vocab: 10, draft: 4 })).toEqual({ grid: 3, block: 256, sharedBytes: 32, cooperative: false });
    expect(() => assertShape(e, { batch: 3, vocab: 10, draft: 17 })).toThrow(/draft must be an integer in \[1, 16\] for 'chain_spec' \(draft tokens per row\), got 17/);
  });

  const S = speculativeJson;
  it.each<[string, () => Json, (e: Json) => void, string, RegExp]>([
    ['no accepted output named', S, (e) => (e.speculative = { emitted: 'emitted_num' }), 'speculative.accepted', /missing: name the out parameter \(accepted draft tokens per row\)/],
    ['accepted and emitted the same buffer', S, (e) => (e.speculative = { accepted: 'emitted_num', emitted: 'emitted_num' }), 'speculative.emitted', /'emitted_num' is already the accepted count/],
    ['an unknown speculative field', S, (e) => (e.speculative = { accepted: 'accepted_num', emitted: 'emitted_num', bonus: 'x' }), 'speculative.bonus', /unknown field/],
    ['a speculative field on a sampler', () => indexedJson(), (e) => (e.speculative = {}), 'speculative', /only op 'chain-speculative' names speculative buffers, not 'sample'/],
    ['target rows without the bonus row', S, (e) => (params(e)[2]!.shape = 'batch*draft*vocab'), 'speculative.draftProbs', /missing: name the in parameter \(the draft model's probability rows\); candidates: draft_probs, target_probs/],
    ['draft tokens of type f32', S, (e) => (params(e)[1]!.type = 'f32*'), 'speculative.draftTokens', /'draft_token_ids' must have type i32\*, has f32\*/],
    ['a draft shape without the draft scalar', S, (e) => (params(e)[8]!.role = 'scalar'), 'params[0].shape', /'batch\*draft\*vocab' needs the scalar with role 'draft'/],
    ['uniforms-in randomness', S, (e) => (e.rng = { mode: 'uniforms-in' }), 'rng.mode', /'uniforms-in' needs a parameter with role 'uniforms'/],
    ['no randomness', S, (e) => (e.rng = null), 'rng', /a sampling kernel must declare its randomness/],
    ['a draft scalar of type u64', S, (e) => (params(e)[8]!.type = 'u64'), 'params[8].type', /a parameter with role 'draft' has type i32 or u32, got u64/],
    ['0 uniforms per row', S, (e) => (e.rng = { mode: 'philox-replay', uniformsPerRow: 'draft - 1' }), 'rng.uniformsPerRow', /is 0 at batch 1, vocab 1, multiprocessors 1, draft 1; a row draws at least one uniform/],
    ['uniforms per row reading an unknown name', S, (e) => (e.rng = { mode: 'philox-replay', uniformsPerRow: 'n + 1' }), 'rng.uniformsPerRow', /unknown name 'n'/],
  ])('rejects %s', (_what, base, mutate, field, problem) => {
    const err = errorOf(base, mutate);
    expect(err.field).toBe(field);
    expect(err.message).toMatch(problem);
  });
});

describe('an entry with indices', () => {
  it('reads inputBatch rows through i32 or i64 indices, nullable; the input-batch scalar receives inputBatch', () => {
    for (const type of ['i32*', 'i64*']) {
      const e = one(indexedJson(type));
      expect(paramOfRole(e, 'indices')).toEqual({ name: 'indices', type, role: 'indices', shape: 'batch', nullable: true });
      expect(reservedRoleOf(paramOfRole(e, 'input-batch') as never)).toBe('input-batch');
    }
    const e = one(indexedJson());
    expect(() => assertShape(e, { batch: 8, vocab: 10, inputBatch: 2 })).not.toThrow();
    expect(() => assertShape(e, { batch: 8, vocab: 10, inputBatch: 0 })).toThrow(/inputBatch must be an integer in \[1, 2147483647\] for 'top_p_indexed' \(input rows the indices point into\), got 0/);
  });

  it('without indices, inputBatch can only be batch', () => {
    const e = one({ ...indexedJson(), params: [{ name: 'probs', type: 'f32*', role: 'in', shape: 'batch*vocab' }, ...params(indexedJson()).slice(1).filter((p) => p.role !== 'indices' && p.role !== 'input-batch')] });
    expect(() => assertShape(e, { batch: 8, vocab: 10, inputBatch: 8 })).not.toThrow();
    expect(() => assertShape(e, { batch: 8, vocab: 10, inputBatch: 2 })).toThrow(/'top_p_indexed' has no indices: every output row reads its own input row, so inputBatch must equal batch 8, got 2/);
  });

  const I = (): Json => indexedJson();
  it.each<[string, (e: Json) => void, string, RegExp]>([
    ['indices of type u32', (e) => (params(e)[3]!.type = 'u32*'), 'params[3].type', /a parameter with role 'indices' has type i32\* or i64\*, got u32\*/],
    ['indices of shape batch*vocab', (e) => (params(e)[3]!.shape = 'batch*vocab'), 'params[3].shape', /the indices have shape 'batch'/],
    ['indices with a fallback', (e) => (params(e)[3]!.fallback = 'top_p'), 'params[3].fallback', /only per-row arrays have a fallback scalar/],
    ['two indices', (e) => params(e).push({ name: 'more', type: 'i32*', role: 'indices', shape: 'batch' }), 'params[10].role', /a second 'indices' parameter \(also 'indices'\)/],
    ['an input row buffer of shape batch*vocab', (e) => (params(e)[0]!.shape = 'batch*vocab'), 'params[0].shape', /with 'indices', an input row buffer has shape 'inputBatch\*vocab'/],
    ['inputBatch*vocab without indices', (e) => (e.params = params(e).filter((p) => p.role !== 'indices' && p.role !== 'input-batch')), 'params[0].shape', /'inputBatch\*vocab' needs a parameter with role 'indices'/],
    ['an output of shape inputBatch*vocab', (e) => (params(e)[1]!.shape = 'inputBatch*vocab'), 'params[1].shape', /only an 'in' row buffer has shape 'inputBatch\*vocab'/],
    ['input-batch without indices', (e) => ((e.params = params(e).filter((p) => p.role !== 'indices')), (params(e)[0]!.shape = 'batch*vocab')), 'params[5].role', /'input-batch' needs a parameter with role 'indices'/],
  ])('rejects %s', (_what, mutate, field, problem) => {
    const err = errorOf(I, mutate);
    expect(err.field).toBe(field);
    expect(err.message).toMatch(problem);
  });
});
