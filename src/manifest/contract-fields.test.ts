/** The contract fields a manifest may declare beyond the shipped kernels' own: valid forms and exact errors. */
import { describe, expect, it } from 'vitest';
import { ManifestError } from './manifest-error.ts';
import { functionsOf, paramOfRole, referenceTiePolicy, reservedRoleOf } from './roles.ts';
import { DEFAULT_UNIFORMS_TOLERANCE, type ManifestEntry } from './types.ts';
import { validateManifest } from './validate.ts';

type Json = Record<string, unknown>;
const opts = { file: 'manifest.json', dir: '/k', fileExists: () => true };
const validate = (...entries: Json[]): ManifestEntry[] => [...validateManifest({ version: 1, entries }, opts).entries];
const one = (e: Json): ManifestEntry => validate(e)[0] as ManifestEntry;

/** The downstream top-p signature: uniforms in, u32 tokens, no valid flag, batch_size/vocab_size. */
function downstreamTopP(): Json {
  return {
    name: 'topp_sampling_kernel',
    file: 'kernels.hip',
    function: 'topp_sampling_kernel',
    family: 'topp',
    params: [
      { name: 'probabilities', type: 'f32*', role: 'in', shape: 'batch*vocab' },
      { name: 'random_values', type: 'f32*', role: 'uniforms', shape: 'batch' },
      { name: 'output', type: 'u32*', role: 'out', shape: 'batch' },
      { name: 'top_p', type: 'f32', role: 'scalar', range: [1e-45, 1] },
      { name: 'batch_size', type: 'i32', role: 'batch', range: [1, 2147483647] },
      { name: 'vocab_size', type: 'i32', role: 'vocab', range: [1, 2097151] },
    ],
    launch: { grid: 'batch', block: 'min(256, vocab)' },
    reference: { op: 'sample', filter: 'top-p' },
    tiePolicy: 'any',
    rng: { mode: 'uniforms-in' },
    invalidRows: 'in-range',
    outputs: { output: 'sampled token per row' },
  };
}

/** A library-style sampler: bf16 rows, its own RNG, a workspace, large dynamic shared memory. */
function thirdParty(): Json {
  return {
    name: 'lib_top_p',
    file: 'lib.hip',
    function: 'lib_top_p_bf16',
    family: 'topp',
    params: [
      { name: 'probs', type: 'bf16*', role: 'in', shape: 'batch*vocab' },
      { name: 'out_tokens', type: 'i64*', role: 'out', shape: 'batch' },
      { name: 'success', type: 'i32*', role: 'out', shape: 'batch' },
      { name: 'ws', type: 'void*', role: 'workspace' },
      { name: 'top_p', type: 'f32', role: 'scalar' },
      { name: 'n', type: 'u32', role: 'batch' },
      { name: 'd', type: 'u32', role: 'vocab', range: [1, 2097151] },
      { name: 'philox_seed', type: 'u64', role: 'seed' },
      { name: 'philox_offset', type: 'u64', role: 'offset' },
    ],
    launch: { grid: 'min(batch, multiprocessors * 4)', block: 1024, sharedBytes: '64 * 1024 + block * 16', cooperative: true },
    reference: { op: 'sample', filter: 'top-p' },
    tiePolicy: 'ties-kept',
    rng: { mode: 'seeded' },
    workspaceBytes: 'batch * 64',
    tokenOutput: 'out_tokens',
    validOutput: 'success',
    assumes: { normalized: true },
    outputs: { out_tokens: 'token', success: '1 when the row was sampled' },
  };
}

/** prefix sum → top-p over the sums, sharing an intermediate. */
function pipeline(): Json {
  return {
    name: 'topp_pipeline',
    file: 'kernels.hip',
    family: 'topp',
    params: [
      { name: 'probabilities', type: 'f32*', role: 'in', shape: 'batch*vocab' },
      { name: 'random_values', type: 'f32*', role: 'uniforms', shape: 'batch' },
      { name: 'output', type: 'u32*', role: 'out', shape: 'batch' },
      { name: 'top_p', type: 'f32', role: 'scalar' },
      { name: 'batch_size', type: 'i32', role: 'batch' },
      { name: 'vocab_size', type: 'i32', role: 'vocab', range: [1, 2097151] },
    ],
    stages: [
      { function: 'prefix_sum_kernel', launch: { grid: 'batch', block: 256 }, args: ['probabilities', 'cdf', 'batch_size', 'vocab_size'] },
      { function: 'topp_from_cdf', launch: { grid: 'batch', block: 'min(256, vocab)' }, args: ['cdf', 'random_values', 'output', 'top_p', 'batch_size', 'vocab_size'] },
    ],
    intermediates: [{ name: 'cdf', type: 'f32*', shape: 'batch*vocab' }],
    reference: { op: 'sample', filter: 'top-p' },
    tiePolicy: 'exact',
    rng: { mode: 'uniforms-in', tolerance: 1e-5 },
    invalidRows: 'unspecified',
    outputs: { output: 'token' },
  };
}

function prefixSum(scan?: string): Json {
  return {
    name: 'prefix_sum_kernel',
    file: 'kernels.hip',
    function: 'prefix_sum_kernel',
    family: 'prefix-sum',
    params: [
      { name: 'input', type: 'f32*', role: 'in', shape: 'batch*vocab' },
      { name: 'output', type: 'f32*', role: 'out', shape: 'batch*vocab' },
      { name: 'batch_size', type: 'i32', role: 'batch' },
      { name: 'vocab_size', type: 'i32', role: 'vocab' },
    ],
    launch: { grid: 'batch', block: 'min(256, vocab)' },
    reference: { op: 'prefix-sum', ...(scan === undefined ? {} : { scan }) },
    tiePolicy: null,
    rng: null,
    invalidRows: 'unspecified',
    assumes: { normalized: true },
    outputs: { output: 'sums' },
  };
}

function errorOf(base: () => Json, mutate: (e: Json) => void): ManifestError {
  const e = base();
  mutate(e);
  try {
    validate(e);
  } catch (err) {
    if (err instanceof ManifestError) return err;
    throw err;
  }
  throw new Error('expected a ManifestError');
}
const params = (e: Json): Json[] => e.params as Json[];

describe('contract fields: what validates and what it means', () => {
  it('a downstream uniforms-in sampler: roles by name, token output found, in-range, block expression', () => {
    const e = one(downstreamTopP());
    expect(e.rng).toEqual({ mode: 'uniforms-in', param: 'random_values', uniformsPerRow: 1, tolerance: DEFAULT_UNIFORMS_TOLERANCE });
    expect(DEFAULT_UNIFORMS_TOLERANCE).toBe(1e-4);
    expect([e.tokenOutput, e.validOutput, e.invalidRows, e.tiePolicy]).toEqual(['output', null, 'in-range', 'any']);
    expect(referenceTiePolicy(e)).toBe('ties-kept');
    expect(e.params.map(reservedRoleOf)).toEqual([null, null, null, null, 'batch', 'vocab']);
    expect(paramOfRole(e, 'batch')?.name).toBe('batch_size');
    expect(e.launch).toEqual({ grid: 'batch', block: 'min(256, vocab)', sharedBytes: 0, cooperative: false });
    expect([e.workspaceBytes, e.assumes]).toEqual([0, { normalized: false }]);
  });

  it('a library-style sampler: bf16 input, i64 tokens, named valid output, workspace, seeded, cooperative, normalized', () => {
    const e = one(thirdParty());
    expect(e.rng).toEqual({ mode: 'seeded' });
    expect([e.tokenOutput, e.validOutput, e.invalidRows]).toEqual(['out_tokens', 'success', 'flag']);
    expect(e.assumes).toEqual({ normalized: true });
    expect(e.launch.cooperative).toBe(true);
    expect(paramOfRole(e, 'workspace')?.name).toBe('ws');
    expect(paramOfRole(e, 'seed')?.name).toBe('philox_seed');
  });

  it('a pipeline: stages in order, the final stage as the entry function, intermediates kept', () => {
    const e = one(pipeline());
    expect(functionsOf(e)).toEqual(['prefix_sum_kernel', 'topp_from_cdf']);
    expect(e.function).toBe('topp_from_cdf');
    expect(e.launch).toEqual(e.stages[1]?.launch);
    expect(e.stages[0]?.args).toEqual(['probabilities', 'cdf', 'batch_size', 'vocab_size']);
    expect(e.intermediates).toEqual([{ name: 'cdf', type: 'f32*', shape: 'batch*vocab' }]);
    expect(e.rng).toMatchObject({ mode: 'uniforms-in', tolerance: 1e-5 });
    // a pipeline may reuse a function another entry describes on its own
    expect(validate(prefixSum(), pipeline())).toHaveLength(2);
  });

  it('keeps review notes as written (init-manifest guesses) without interpreting them', () => {
    expect(one({ ...downstreamTopP(), review: ['role guessed'] }).review).toEqual(['role guessed']);
    expect(one(downstreamTopP()).review).toBeUndefined();
  });

  it('prefix sums default to inclusive and may be exclusive', () => {
    expect(one(prefixSum()).reference).toEqual({ op: 'prefix-sum', scan: 'inclusive' });
    expect(one(prefixSum('exclusive')).reference).toEqual({ op: 'prefix-sum', scan: 'exclusive' });
  });

  it('accepts philox-replay spelled with a mode, and uniforms batch*n with its n', () => {
    const e = downstreamTopP();
    params(e)[1] = { name: 'random_values', type: 'f32*', role: 'uniforms', shape: 'batch*n' };
    e.rng = { mode: 'uniforms-in', uniformsPerRow: 10 };
    expect(one(e).rng).toMatchObject({ uniformsPerRow: 10 });
    const shipped = thirdParty();
    shipped.rng = { mode: 'philox-replay' };
    expect(one(shipped).rng).toEqual({ mode: 'philox-replay', uniformsPerRow: 1, subsequence: 'row' });
  });
});

const T = downstreamTopP;
const L = thirdParty;
const P = pipeline;
const S = prefixSum;
const cases: Array<[string, () => Json, (e: Json) => void, string, RegExp]> = [
  // randomness
  ['unknown rng mode', T, (e) => (e.rng = { mode: 'curand' }), 'rng.mode', /expected one of philox-replay, uniforms-in, seeded, got "curand"/],
  ['uniforms-in without a uniforms parameter', T, (e) => (params(e)[1]!.role = 'in'), 'rng.mode', /'uniforms-in' needs a parameter with role 'uniforms'/],
  ['a uniforms parameter with another mode', L, (e) => params(e).splice(1, 0, { name: 'u', type: 'f32*', role: 'uniforms', shape: 'batch' }), 'params[1].role', /role 'uniforms' needs rng\.mode 'uniforms-in'/],
  ['uniforms-in with a seed', T, (e) => params(e).push({ name: 'seed', type: 'u64', role: 'scalar' }), 'params[6]', /a 'uniforms-in' kernel takes no seed \('seed'\): the harness draws its uniforms/],
  ['uniforms of type i32', T, (e) => (params(e)[1]!.type = 'i32*'), 'params[1].type', /a parameter with role 'uniforms' has type f32\*, got i32\*/],
  ['uniforms of shape batch*vocab', T, (e) => (params(e)[1]!.shape = 'batch*vocab'), 'params[1].shape', /the uniforms have shape 'batch' or 'batch\*n'/],
  ['n > 1 with shape batch', T, (e) => (e.rng = { mode: 'uniforms-in', uniformsPerRow: 4 }), 'rng.uniformsPerRow', /has shape 'batch' \(one per row\); give it shape 'batch\*n' for 4 per row/],
  ['batch*n without n', T, (e) => (params(e)[1]!.shape = 'batch*n'), 'rng.uniformsPerRow', /missing: n of the uniforms parameter 'random_values'/],
  ['n = 0', T, (e) => ((params(e)[1]!.shape = 'batch*n'), (e.rng = { mode: 'uniforms-in', uniformsPerRow: 0 })), 'rng.uniformsPerRow', /expected an integer in \[1, 4096\], got 0/],
  ['tolerance 1', T, (e) => (e.rng = { mode: 'uniforms-in', tolerance: 1 }), 'rng.tolerance', /expected a number in \[0, 1\), got 1/],
  ['tolerance on seeded', L, (e) => (e.rng = { mode: 'seeded', tolerance: 0 }), 'rng.tolerance', /not a field of rng mode 'seeded' \(allowed: mode\)/],
  ['seeded without an offset', L, (e) => (e.params = params(e).filter((p) => p.role !== 'offset')), 'rng', /a 'seeded' kernel needs the 'offset' u64 scalar/],
  ['the older philox form with 2 per row', L, (e) => (e.rng = { uniformsPerRow: 2, subsequence: 'row' }), 'rng.uniformsPerRow', /must be 1/],
  ['philox-replay with 2 per row on a filter sampler', L, (e) => (e.rng = { mode: 'philox-replay', uniformsPerRow: 2 }), 'rng.uniformsPerRow', /a 'sample' kernel draws one Philox uniform per row \(docs\/design\.md\); only a chain-speculative kernel declares more/],
  ['batch*n on a non-uniforms buffer', T, (e) => (params(e)[0]!.shape = 'batch*n'), 'params[0].shape', /only the uniforms parameter has shape 'batch\*n'/],
  // outputs
  ['token of type f32', T, (e) => (params(e)[2]!.type = 'f32*'), 'params[2]', /'output' must have type i32\*, u32\*, i64\*, has f32\*/],
  ['two token candidates', T, (e) => (params(e).push({ name: 'other', type: 'i32*', role: 'out', shape: 'batch' }), ((e.outputs as Json).other = 'x')), 'tokenOutput', /cannot tell which out parameter of shape 'batch' holds the token \(candidates: output, other\); declare tokenOutput/],
  ['tokenOutput that is an input', T, (e) => (e.tokenOutput = 'probabilities'), 'tokenOutput', /'probabilities' is not an out parameter/],
  ['tokenOutput on a transform', S, (e) => (e.tokenOutput = 'output'), 'tokenOutput', /op 'prefix-sum' has no token output/],
  ['validOutput of shape batch*vocab', L, (e) => (params(e)[2]!.shape = 'batch*vocab'), 'validOutput', /'success' must have shape 'batch', has 'batch\*vocab'/],
  ['validOutput of type i64', L, (e) => (params(e)[2]!.type = 'i64*'), 'validOutput', /'success' must have type i32\*, u32\*, has i64\*/],
  ['i64 input', T, (e) => (params(e)[0]!.type = 'i64*'), 'params[0].type', /a parameter with role 'in' has type f32\* or f16\* or bf16\* or i32\* or u32\*, got i64\*/],
  ['bf16 output', S, (e) => (params(e)[1]!.type = 'bf16*'), 'params[1].type', /a parameter with role 'out' has type f32\* or i32\* or u32\* or i64\*, got bf16\*/],
  ['void* input', T, (e) => (params(e)[0]!.type = 'void*'), 'params[0].type', /got void\*/],
  // invalid rows, assumptions, ties
  ['no valid output and no invalidRows', T, (e) => delete e.invalidRows, 'invalidRows', /missing: the entry has no valid output, so declare what it does with invalid rows \('in-range' or 'unspecified'\)/],
  ['flag without a valid output', T, (e) => (e.invalidRows = 'flag'), 'invalidRows', /'flag' needs a valid output/],
  ['in-range on a transform', S, (e) => (e.invalidRows = 'in-range'), 'invalidRows', /'in-range' is about token outputs; op 'prefix-sum' has none/],
  ['unknown invalidRows', T, (e) => (e.invalidRows = 'ignore'), 'invalidRows', /expected one of flag, in-range, unspecified, got "ignore"/],
  ['normalized logits', T, (e) => ((e.reference = { op: 'sample-logits' }), (e.assumes = { normalized: true })), 'assumes.normalized', /op 'sample-logits' reads logit rows/],
  ['normalized not a boolean', T, (e) => (e.assumes = { normalized: 'yes' }), 'assumes.normalized', /expected true, false or absent, got "yes"/],
  ['unknown assumption', T, (e) => (e.assumes = { sorted: true }), 'assumes.sorted', /unknown field \(allowed: normalized\)/],
  ['unknown tie policy', T, (e) => (e.tiePolicy = 'stable'), 'tiePolicy', /expected one of ties-kept, exact, any, got "stable"/],
  ['scan on a sampler', T, (e) => (e.reference = { op: 'sample', filter: 'top-p', scan: 'exclusive' }), 'reference.scan', /only op 'prefix-sum' has a scan kind/],
  ['unknown scan', S, (e) => (e.reference = { op: 'prefix-sum', scan: 'reverse' }), 'reference.scan', /expected one of inclusive, exclusive, got "reverse"/],
  // roles
  ['no batch scalar', T, (e) => (params(e)[4]!.role = 'scalar'), 'params', /missing the 'batch' scalar \(a parameter named 'batch' or with role 'batch'\)/],
  ['two vocab scalars', T, (e) => params(e).push({ name: 'vocab', type: 'i32', role: 'scalar' }), 'params[6]', /a second 'vocab' scalar \(also 'vocab_size'\)/],
  ['batch of type f32', T, (e) => (params(e)[4]!.type = 'f32'), 'params[4].type', /a parameter with role 'batch' has type i32 or u32, got f32/],
  ['seed of type u32', L, (e) => (params(e)[7]!.type = 'u32'), 'params[7].type', /a parameter with role 'seed' has type u64, got u32/],
  ['a parameter named batch with role vocab', T, (e) => (params(e)[4]!.name = 'vocab'), 'params[4]', /'vocab' is reserved for the i32 scalar/],
  // workspace and launch
  ['two workspaces', L, (e) => params(e).push({ name: 'ws2', type: 'void*', role: 'workspace' }), 'params[9].role', /a second 'workspace' parameter \(also 'ws'\)/],
  ['a workspace with a shape', L, (e) => (params(e)[3]!.shape = 'batch'), 'params[3].shape', /the workspace has no shape: its size is the entry's workspaceBytes/],
  ['workspace bytes without a workspace', T, (e) => (e.workspaceBytes = 'batch * 4'), 'workspaceBytes', /is 4 at batch 1, vocab 1, multiprocessors 1, but no parameter has role 'workspace' to receive it/],
  ['block over 1024 at a probe', T, (e) => (e.launch = { grid: 'batch', block: 'vocab' }), 'launch.block', /at batch 1, vocab 1000, multiprocessors 1: launch\.block = 1000|at batch 1, vocab 32000, multiprocessors 1: launch\.block = 32000 is outside \[1, 1024\]/],
  ['block reading block', T, (e) => (e.launch = { grid: 'batch', block: 'min(block, 256)' }), 'launch.block', /'block' cannot be used in the block rule itself/],
  ['block 0 literal', T, (e) => (e.launch = { grid: 'batch', block: 0 }), 'launch.block', /expected an integer in \[1, 1024\] or an expression, got 0/],
  ['grid of zero at vocab 1', T, (e) => (e.launch = { grid: 'vocab / 2', block: 32 }), 'launch.grid', /unexpected character/],
  ['grid 0 on a probe', T, (e) => (e.launch = { grid: 'batch - 1', block: 32 }), 'launch.grid', /at batch 1, vocab 1, multiprocessors 1: launch\.grid = 0 is outside \[1, 2147483647\]/],
  ['negative shared memory on a probe', T, (e) => (e.launch = { grid: 'batch', block: 32, sharedBytes: 'vocab - 2' }), 'launch.sharedBytes', /at batch 1, vocab 1, multiprocessors 1: launch\.sharedBytes \(vocab - 2\): launch expression evaluated to -1/],
  ['cooperative not a boolean', T, (e) => (e.launch = { grid: 'batch', block: 32, cooperative: 1 }), 'launch.cooperative', /expected true, false or absent, got 1/],
  ['unknown identifier', T, (e) => (e.launch = { grid: 'sms', block: 32 }), 'launch.grid', /unknown name 'sms'.*multiprocessors/],
  ['missing launch', T, (e) => delete e.launch, 'launch', /missing/],
  // pipelines
  ['a pipeline with a function', P, (e) => (e.function = 'x'), 'function', /a pipeline \(stages\) names its functions and launch rules per stage/],
  ['a one-stage pipeline', P, (e) => (e.stages = [(e.stages as Json[])[1]]), 'stages', /expected an array of at least 2 stages/],
  ['an unknown stage argument', P, (e) => (((e.stages as Json[])[0] as Json).args = ['probabilities', 'cdf2', 'batch_size', 'vocab_size']), 'stages[0].args[1]', /'cdf2' is neither a parameter nor an intermediate/],
  ['a parameter no stage takes', P, (e) => params(e).push({ name: 'unused', type: 'f32', role: 'scalar' }), 'params[6]', /'unused' is passed to no stage/],
  ['an intermediate used once', P, (e) => (e.intermediates = [{ name: 'cdf', type: 'f32*', shape: 'batch*vocab' }, { name: 'extra', type: 'i32*', shape: 'batch' }]), 'intermediates[1]', /'extra' is used by 0 stage\(s\)/],
  ['an intermediate named like a parameter', P, (e) => (e.intermediates = [{ name: 'output', type: 'f32*', shape: 'batch' }]), 'intermediates[0].name', /'output' is already a parameter or intermediate/],
  ['a void* intermediate', P, (e) => (e.intermediates = [{ name: 'cdf', type: 'void*', shape: 'batch' }]), 'intermediates[0].type', /expected one of f32\*, f16\*, bf16\*, i32\*, u32\*, i64\*, got "void\*"/],
  ['intermediates without stages', T, (e) => (e.intermediates = []), 'intermediates', /only a pipeline \(stages\) has intermediates/],
  ['review that is not a list of strings', T, (e) => (e.review = ['ok', '']), 'review', /expected an array of non-empty strings, got \["ok",""\]/],
  ['a stage launch failing a probe', P, (e) => (((e.stages as Json[])[1] as Json).launch = { grid: 'batch', block: 'vocab' }), 'stages[1].launch.block', /at batch 1, vocab 1000, multiprocessors 1: stages\[1\]\.launch\.block = 1000|vocab 32000.*stages\[1\]\.launch\.block = 32000 is outside/],
];

describe('contract fields: invalid declarations name the entry, the field and the problem', () => {
  it.each(cases)('%s', (_label, base, mutate, field, problem) => {
    const err = errorOf(base, mutate);
    const name = base().name as string;
    expect(err.entry).toBe(name);
    expect(err.field).toBe(field);
    expect(err.message).toMatch(problem);
    expect(err.message).toContain(`entry '${name}' field '${field}'`);
  });
});
