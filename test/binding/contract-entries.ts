/**
 * Manifest entries of the contract shapes the binding's tests bind (a downstream uniforms-in sampler, a library-style
 * bf16 sampler with a workspace, a two-stage pipeline), validated like any manifest, and JS kernels with their ABIs
 * for the in-process runner (js-runner.ts). The kernels compute simple, checkable things, not real sampling.
 */
import { validateManifest } from '../../src/manifest/validate.ts';
import type { ManifestEntry } from '../../src/manifest/types.ts';
import type { JsKernel, JsKernelContext } from './js-runner.ts';

const shapeParams = [
  { name: 'batch_size', type: 'i32', role: 'batch' },
  { name: 'vocab_size', type: 'i32', role: 'vocab', range: [1, 2097151] },
];

export const DOWNSTREAM_TOPP = {
  name: 'topp_sampling_kernel',
  file: 'k.hip',
  function: 'cdf_pick',
  family: 'topp',
  params: [
    { name: 'probabilities', type: 'f32*', role: 'in', shape: 'batch*vocab' },
    { name: 'random_values', type: 'f32*', role: 'uniforms', shape: 'batch' },
    { name: 'output', type: 'u32*', role: 'out', shape: 'batch' },
    { name: 'top_p', type: 'f32', role: 'scalar', range: [1e-45, 1] },
    ...shapeParams,
  ],
  launch: { grid: 'batch', block: 'min(256, vocab)' },
  reference: { op: 'sample', filter: 'top-p' },
  tiePolicy: 'any',
  rng: { mode: 'uniforms-in' },
  invalidRows: 'in-range',
  outputs: { output: 'token' },
};

export const LIB_SAMPLER = {
  name: 'lib_top_p',
  file: 'k.hip',
  function: 'bf16_argmax',
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
  launch: { grid: 'min(batch, multiprocessors * 2)', block: 128, sharedBytes: '64 * 1024 + block * 16', cooperative: true },
  reference: { op: 'sample', filter: 'top-p' },
  tiePolicy: 'ties-kept',
  rng: { mode: 'seeded' },
  workspaceBytes: 'batch * 64',
  tokenOutput: 'out_tokens',
  validOutput: 'success',
  assumes: { normalized: true },
  outputs: { out_tokens: 'token', success: '1 when the workspace was zero at entry' },
};

export const PIPELINE = {
  name: 'topp_pipeline',
  file: 'k.hip',
  family: 'topp',
  params: [
    { name: 'probabilities', type: 'f32*', role: 'in', shape: 'batch*vocab' },
    { name: 'random_values', type: 'f32*', role: 'uniforms', shape: 'batch*n' },
    { name: 'output', type: 'u32*', role: 'out', shape: 'batch' },
    ...shapeParams,
  ],
  stages: [
    { function: 'prefix_sum', launch: { grid: 'batch', block: 256 }, args: ['probabilities', 'cdf', 'batch_size', 'vocab_size'] },
    { function: 'pick_from_cdf', launch: { grid: 'ceilDiv(batch, 4)', block: 'min(256, vocab)' }, args: ['cdf', 'random_values', 'output', 'batch_size', 'vocab_size'] },
  ],
  intermediates: [{ name: 'cdf', type: 'f32*', shape: 'batch*vocab' }],
  reference: { op: 'sample', filter: 'none' },
  tiePolicy: null,
  rng: { mode: 'uniforms-in', uniformsPerRow: 2 },
  invalidRows: 'unspecified',
  outputs: { output: 'token' },
};

/** A sampler whose output row i reads probability row indices[i] (i32 or i64 indices, nullable). */
export function indexedSampler(type: 'i32*' | 'i64*') {
  return {
    name: `indexed_argmax_${type.slice(0, 3)}`,
    file: 'k.hip',
    function: `indexed_argmax_${type.slice(0, 3)}`,
    family: 'topp',
    params: [
      { name: 'probs', type: 'f32*', role: 'in', shape: 'inputBatch*vocab' },
      { name: 'token', type: 'i32*', role: 'out', shape: 'batch' },
      { name: 'valid', type: 'i32*', role: 'out', shape: 'batch' },
      { name: 'indices', type, role: 'indices', shape: 'batch', nullable: true },
      { name: 'top_p', type: 'f32', role: 'scalar', range: [1e-45, 1] },
      { name: 'batch', type: 'i32', role: 'scalar' },
      { name: 'input_rows', type: 'i32', role: 'input-batch' },
      { name: 'vocab', type: 'i32', role: 'scalar', range: [1, 2097152] },
      { name: 'seed', type: 'u64', role: 'scalar' },
      { name: 'offset', type: 'u64', role: 'scalar' },
    ],
    launch: { grid: 'batch', block: 64 },
    reference: { op: 'sample', filter: 'top-p' },
    tiePolicy: 'exact',
    rng: { mode: 'philox-replay' },
    outputs: { token: 'argmax of the row the index names', valid: '0 for an index outside [0, input_rows)' },
  };
}

export function entryOf(json: object): ManifestEntry {
  return validateManifest({ version: 1, entries: [json] }, { file: 'test-manifest.json', dir: '/test', fileExists: () => true }).entries[0] as ManifestEntry;
}

/** Smallest i whose inclusive prefix of `w` reaches u·Σw (float64), the inverse-CDF pick. */
export function cdfPick(w: readonly number[], u: number): number {
  const total = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let i = 0; i < w.length; i++) {
    acc += w[i] as number;
    if (acc >= u * total) return i;
  }
  return w.length - 1;
}

const f32 = (v: DataView, i: number): number => v.getFloat32(i * 4, true);

/** (probabilities, random_values, output u32, top_p, batch, vocab): output[r] = cdfPick(row r, u[r]). */
const cdf_pick: JsKernel = (k: JsKernelContext) => {
  const [p, u, out] = [k.mem(0), k.mem(1), k.mem(2)];
  const [batch, vocab] = [k.num(4), k.num(5)];
  for (let r = 0; r < batch; r++) {
    const row = Array.from({ length: vocab }, (_, i) => f32(p, r * vocab + i));
    out.setUint32(r * 4, cdfPick(row, f32(u, r)), true);
  }
  return 0.1;
};

/** (probs bf16, out_tokens i64, success i32, ws, top_p, n, d, seed, offset): argmax of the widened row; success = ws was zero. */
const bf16_argmax: JsKernel = (k) => {
  const [p, tok, ok, ws] = [k.mem(0), k.mem(1), k.mem(2), k.mem(3)];
  const [batch, vocab] = [k.num(5), k.num(6)];
  let zero = true;
  for (let i = 0; i < ws.byteLength; i++) if (ws.getUint8(i) !== 0) zero = false;
  for (let r = 0; r < batch; r++) {
    let best = 0;
    const w = (i: number): number => new Float32Array(Uint32Array.of(p.getUint16((r * vocab + i) * 2, true) << 16).buffer)[0] as number;
    for (let i = 1; i < vocab; i++) if (w(i) > w(best)) best = i;
    tok.setBigInt64(r * 8, BigInt(best), true);
    ok.setInt32(r * 4, zero ? 1 : 0, true);
  }
  for (let i = 0; i < ws.byteLength; i++) ws.setUint8(i, 0xff); // a kernel leaves its scratch dirty
  return 0.2;
};

/** (input, output, batch, vocab): inclusive row sums in fp32. */
const prefix_sum: JsKernel = (k) => {
  const [x, y] = [k.mem(0), k.mem(1)];
  const [batch, vocab] = [k.num(2), k.num(3)];
  for (let r = 0; r < batch; r++) {
    let acc = 0;
    for (let i = 0; i < vocab; i++) y.setFloat32((r * vocab + i) * 4, (acc = Math.fround(acc + f32(x, r * vocab + i))), true);
  }
  return 0.5;
};

/** (cdf, uniforms [batch*2], output u32, batch, vocab): the first index whose cdf reaches the row's second uniform · total. */
const pick_from_cdf: JsKernel = (k) => {
  const [c, u, out] = [k.mem(0), k.mem(1), k.mem(2)];
  const [batch, vocab] = [k.num(3), k.num(4)];
  for (let r = 0; r < batch; r++) {
    const target = f32(u, 2 * r + 1) * f32(c, r * vocab + vocab - 1);
    let i = 0;
    while (i < vocab - 1 && f32(c, r * vocab + i) < target) i++;
    out.setUint32(r * 4, i, true);
  }
  return 0.25;
};

/**
 * (probs [input_rows × vocab], token, valid, indices (null: identity), top_p, batch, input_rows, vocab, seed, offset):
 * token[i] = argmax of input row indices[i]; an index outside [0, input_rows) gives token 0, valid 0, as a kernel
 * must (the binding cannot read a device buffer of indices).
 */
function indexedArgmax(wide: boolean): JsKernel {
  return (k) => {
    const [p, tok, ok] = [k.mem(0), k.mem(1), k.mem(2)];
    const indices = k.args[3]?.type === 'ptr' && k.args[3].buffer !== null ? k.mem(3) : null;
    const [batch, inputRows, vocab] = [k.num(5), k.num(6), k.num(7)];
    for (let i = 0; i < batch; i++) {
      const row = indices === null ? i : wide ? Number(indices.getBigInt64(i * 8, true)) : indices.getInt32(i * 4, true);
      const inRange = row >= 0 && row < inputRows;
      let best = 0;
      for (let j = 1; inRange && j < vocab; j++) if (f32(p, row * vocab + j) > f32(p, row * vocab + best)) best = j;
      tok.setInt32(i * 4, best, true);
      ok.setInt32(i * 4, inRange ? 1 : 0, true);
    }
    return 0.1;
  };
}

export const CONTRACT_KERNELS: Readonly<Record<string, JsKernel>> = {
  cdf_pick,
  bf16_argmax,
  prefix_sum,
  pick_from_cdf,
  indexed_argmax_i32: indexedArgmax(false),
  indexed_argmax_i64: indexedArgmax(true),
  hang: () => Number.POSITIVE_INFINITY,
};
