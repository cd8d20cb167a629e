/** init-manifest on the downstream ABI (verbatim fixture) and on the signature forms it must read. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { draftManifest, parseKernelSignatures } from '../src/manifest/draft/index.ts';
import { loadManifest } from '../src/manifest/load.ts';
import { validateManifest } from '../src/manifest/validate.ts';
import { main } from './init-manifest.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'downstream-abi.hip');
const source = readFileSync(FIXTURE, 'utf8');
const LAUNCH = { grid: 'batch', block: 'min(256, vocab)' };
const ORDER = "topk_topp_sampling_kernel: reference.order: 'topk-first' (top-p over the renormalized top-k set) or 'joint' (in the top-k set and the top-p nucleus of the full row)";

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'init-manifest-'));
  temps.push(d);
  return d;
}
const shape = [
  { name: 'batch_size', type: 'i32', role: 'batch' },
  { name: 'vocab_size', type: 'i32', role: 'vocab' },
];

describe('the downstream ABI', () => {
  it('reads the five signatures with their C types and const-ness', () => {
    const sigs = parseKernelSignatures(source);
    expect(sigs.map((s) => s.name)).toEqual(['softmax_kernel', 'prefix_sum_kernel', 'topp_sampling_kernel', 'topk_sampling_kernel', 'topk_topp_sampling_kernel']);
    expect(sigs[2]?.params.map((p) => [p.name, p.ctype, p.isConst])).toEqual([
      ['probabilities', 'float*', true],
      ['random_values', 'float*', true],
      ['output', 'uint32_t*', false],
      ['top_p', 'float', true],
      ['batch_size', 'int', true],
      ['vocab_size', 'int', true],
    ]);
    expect(sigs.every((s) => s.launchBound === null)).toBe(true);
  });

  it('drafts types and roles, and lists exactly what is left: the launch of each kernel and the fused order', () => {
    const d = draftManifest(source, { file: 'k.hip' });
    expect(d.decisions).toEqual([
      ...d.entries.map((e) => `${String(e.json.name)}: launch: grid and block as the host launches the kernel, e.g. { "grid": "batch", "block": "min(256, vocab)" } (or pass --grid/--block)`).slice(0, 4),
      `topk_topp_sampling_kernel: reference.order: 'topk-first' (top-p over the renormalized top-k set) or 'joint' (in the top-k set and the top-p nucleus of the full row)`,
      'topk_topp_sampling_kernel: launch: grid and block as the host launches the kernel, e.g. { "grid": "batch", "block": "min(256, vocab)" } (or pass --grid/--block)',
    ]);
    expect(d.invalid).toBeNull();
    const topp = d.entries[2]?.json;
    expect({ ...topp, review: undefined }).toEqual({
      name: 'topp_sampling_kernel',
      file: 'k.hip',
      function: 'topp_sampling_kernel',
      family: 'topp',
      params: [
        { name: 'probabilities', type: 'f32*', role: 'in', shape: 'batch*vocab' },
        { name: 'random_values', type: 'f32*', role: 'uniforms', shape: 'batch' },
        { name: 'output', type: 'u32*', role: 'out', shape: 'batch' },
        { name: 'top_p', type: 'f32', role: 'scalar', range: [2 ** -149, 1] },
        ...shape,
      ],
      launch: { grid: 'DECIDE: grid', block: 'DECIDE: block' },
      reference: { op: 'sample', filter: 'top-p' },
      tiePolicy: 'any',
      rng: { mode: 'uniforms-in' },
      invalidRows: 'unspecified',
      outputs: { output: 'one value per row (drafted by init-manifest)' },
      review: undefined,
    });
    expect(d.entries[2]?.review).toHaveLength(10);
    expect(d.entries[2]?.json.review).toEqual(d.entries[2]?.review);
    expect(d.entries[0]?.json.params).toEqual([
      { name: 'logits', type: 'f32*', role: 'in', shape: 'batch*vocab' },
      { name: 'probabilities', type: 'f32*', role: 'out', shape: 'batch*vocab' },
      ...shape,
    ]);
    expect(d.entries[1]?.json.reference).toEqual({ op: 'prefix-sum', scan: 'inclusive' });
    expect(d.entries[1]?.review).toContain("reference.scan 'inclusive' assumed: out[i] = Σ_{j ≤ i} in[j]; 'exclusive' if out[i] = Σ_{j < i}");
    expect(d.entries[3]?.json.params).toContainEqual({ name: 'top_k', type: 'i32', role: 'scalar', range: [1, 2 ** 31 - 1] });
    expect(d.entries[4]?.json.family).toBe('fused');
  });

  it('with the host launch rule and the order decided, the draft validates and means the downstream contract', () => {
    const d = draftManifest(source, { file: 'k.hip', launch: LAUNCH });
    expect(d.decisions).toEqual([ORDER]);
    const fused = d.manifest.entries[4] as { reference: Record<string, unknown> };
    fused.reference.order = 'joint';
    const m = validateManifest(d.manifest, { file: 'draft.json', dir: '/k', fileExists: (f) => f === 'k.hip' });
    expect(m.entries.map((e) => [e.name, e.family, e.rng?.mode ?? null, e.tokenOutput, e.validOutput, e.invalidRows])).toEqual([
      ['softmax_kernel', 'softmax', null, null, null, 'unspecified'],
      ['prefix_sum_kernel', 'prefix-sum', null, null, null, 'unspecified'],
      ['topp_sampling_kernel', 'topp', 'uniforms-in', 'output', null, 'unspecified'],
      ['topk_sampling_kernel', 'topk', 'uniforms-in', 'output', null, 'unspecified'],
      ['topk_topp_sampling_kernel', 'fused', 'uniforms-in', 'output', null, 'unspecified'],
    ]);
    expect(m.entries.every((e) => e.launch.block === 'min(256, vocab)' && e.review !== undefined)).toBe(true);
  });
});

describe('the CLI', () => {
  it('writes the draft next to the sources, reports the decision left, and refuses to overwrite', () => {
    const dir = tempDir();
    copyFileSync(FIXTURE, join(dir, 'kernels.hip'));
    const lines: string[] = [];
    const io = { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t) };
    const out = join(dir, 'manifest.json');
    expect(main([join(dir, 'kernels.hip'), '--out', out, '--grid', 'batch', '--block', 'min(256, vocab)'], io)).toBe(1);
    expect(lines.join('')).toContain(`still to decide (1):\n  - ${ORDER}`);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { entries: Array<Record<string, Record<string, unknown>>> };
    expect(json.entries.map((e) => e.file)).toEqual(Array(5).fill('kernels.hip'));
    expect(main([join(dir, 'kernels.hip'), '--out', out], io)).toBe(2);
    expect(lines.join('')).toContain('exists; pass --force to overwrite it');
    (json.entries[4]?.reference as Record<string, unknown>).order = 'topk-first';
    writeFileSync(out, JSON.stringify(json));
    expect(loadManifest(dir).entries).toHaveLength(5);
  });

  it('exits 0 when the draft validates, and 2 on bad usage', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'k.hip'), source.split('\n').filter((l) => !l.includes('topk_topp')).join('\n'));
    const err: string[] = [];
    const io = { out: () => undefined, err: (t: string) => err.push(t) };
    expect(main([join(dir, 'k.hip'), '--out', join(dir, 'manifest.json'), '--grid', 'batch', '--block', 'min(256, vocab)'], io)).toBe(0);
    expect(err.join('')).toContain('the draft validates');
    expect(loadManifest(dir).entries.map((e) => e.name)).toEqual(['softmax_kernel', 'prefix_sum_kernel', 'topp_sampling_kernel', 'topk_sampling_kernel']);
    expect(main([], io)).toBe(2);
    expect(main([join(dir, 'nope.hip')], io)).toBe(2);
    expect(main([join(dir, 'k.hip'), '--bogus'], io)).toBe(2);
    writeFileSync(join(dir, 'macro.hip'), 'SAMPLING_KERNEL(512) top_p(const float* p) {}');
    expect(main([join(dir, 'macro.hip')], io)).toBe(2);
    expect(err.join('')).toContain('no extern "C" __global__ void functions found');
  });
});

describe('signature forms and guesses', () => {
  it('reads extern "C" blocks, __launch_bounds__, bf16/void/i64 pointers, multi-line parameter lists; skips non-extern kernels', () => {
    const src = `
      __global__ void internal_helper(float* x) {}
      extern "C" {
      __global__ __launch_bounds__(1024) void lib_top_p_bf16(const __nv_bfloat16* __restrict__ probs,
                                                             int64_t* out_tokens, int* success, void* workspace,
                                                             float top_p, unsigned int n, unsigned int d,
                                                             uint64_t philox_seed, uint64_t philox_offset) {}
      }`;
    const [sig] = parseKernelSignatures(src);
    expect(parseKernelSignatures(src)).toHaveLength(1);
    expect(sig?.launchBound).toBe(1024);
    const d = draftManifest(src, { file: 'lib.hip' });
    const e = d.entries[0];
    expect(e?.json.params).toEqual([
      { name: 'probs', type: 'bf16*', role: 'in', shape: 'batch*vocab' },
      { name: 'out_tokens', type: 'i64*', role: 'out', shape: 'batch' },
      { name: 'success', type: 'i32*', role: 'out', shape: 'batch' },
      { name: 'workspace', type: 'void*', role: 'workspace' },
      { name: 'top_p', type: 'f32', role: 'scalar', range: [2 ** -149, 1] },
      { name: 'n', type: 'u32', role: 'scalar' },
      { name: 'd', type: 'u32', role: 'vocab' },
      { name: 'philox_seed', type: 'u64', role: 'seed' },
      { name: 'philox_offset', type: 'u64', role: 'offset' },
    ]);
    expect([e?.json.launch, e?.json.rng, e?.json.validOutput, e?.json.invalidRows]).toEqual([{ grid: 'batch', block: '1024' }, { mode: 'seeded' }, 'success', undefined]);
    // 'n' says nothing about rows: the batch is left to decide, like the workspace size
    expect(e?.decisions).toEqual([
      "params: no parameter reads like the batch scalar; give that int parameter role 'batch'",
      'workspaceBytes: bytes of workspace the kernel needs, as an expression of batch, vocab, block, multiprocessors',
    ]);
  });

  it('turns a type outside the ABI, a missing batch and a sampler without randomness into decisions the validator would also name', () => {
    const src = 'extern "C" __global__ void sampling_from_probs(const double* probs, int* token, int rows, int vocab) {}';
    const d = draftManifest(src, { file: 'x.hip', launch: LAUNCH });
    expect(d.decisions).toEqual([
      "sampling_from_probs: params[0] 'probs': C type 'double*' is not in the ABI (pointers to float, __half, bfloat16, int32, uint32, int64, void; scalars float, int32, uint32, uint64)",
      "sampling_from_probs: params: no parameter reads like the batch scalar; give that int parameter role 'batch'",
      'sampling_from_probs: rng: a sampler must declare its randomness (a uniforms pointer, or seed and offset scalars)',
    ]);
    const unknown = draftManifest('extern "C" __global__ void frobnicate(const float* x, float* y, int batch, int vocab) {}', { file: 'x.hip', launch: LAUNCH });
    expect(unknown.decisions).toEqual(['frobnicate: family and reference.op: the name does not say what the kernel computes']);
  });

  it('takes a kernel without const at all: its row-like pointer is the input, the rest are outputs; per-row arrays link to their scalar', () => {
    const src = 'extern "C" __global__ void top_k_sampling(float* probs, int* token, int* top_k_arr, int top_k, int batch, int vocab, unsigned long long seed, unsigned long long offset) {}';
    const d = draftManifest(src, { file: 'x.hip', launch: LAUNCH });
    expect(d.entries[0]?.json.params).toEqual([
      { name: 'probs', type: 'f32*', role: 'in', shape: 'batch*vocab' },
      { name: 'token', type: 'i32*', role: 'out', shape: 'batch' },
      { name: 'top_k_arr', type: 'i32*', role: 'per-row', shape: 'batch', nullable: true, fallback: 'top_k', range: [1, 2 ** 31 - 1] },
      { name: 'top_k', type: 'i32', role: 'scalar', range: [1, 2 ** 31 - 1] },
      { name: 'batch', type: 'i32', role: 'batch' },
      { name: 'vocab', type: 'i32', role: 'vocab' },
      { name: 'seed', type: 'u64', role: 'seed' },
      { name: 'offset', type: 'u64', role: 'offset' },
    ]);
    expect([d.decisions, d.invalid]).toEqual([[], null]);
    expect(d.entries[0]?.review).toContain("'probs': role 'in' although not const (no const pointer, and its name reads like the row input)");
  });
});
