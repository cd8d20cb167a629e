/**
 * The split-factor blocks without a GPU: which factors they launch, how inputs are joined and checks merged, and the
 * whole per-input judgement through the real binding on the in-process JS runner, where a sampler "kernel" reads
 * its split factor as the GPU kernels do (grid / batch) and checks its workspace is sized for it. A kernel whose
 * tokens change from 8 parts on, or a transform that is not deterministic at one factor, fails.
 */
import { describe, expect, it } from 'vitest';
import type { JsKernel } from '../../test/binding/js-runner.ts';
import { jsRunner } from '../../test/binding/js-runner.ts';
import { validateManifest, type ManifestEntry } from '../../src/manifest/index.ts';
import { referenceSample } from '../../src/reference/index.ts';
import { rowUniforms } from '../../src/rng/index.ts';
import { checkResult } from '../../src/checks/index.ts';
import { distinctRows } from './sampling-inputs.ts';
import { samplerFactorChecks, transformFactorChecks } from './split-replay.ts';
import { deterministicAtFactors, joinByVocab, maxUlpsAcrossFactors, mergeAcrossFactors, sameTokensAcrossFactors, splitFactors, SPLIT_CHECK } from './split-factors.ts';

const module = { kind: 'module', id: 1, name: 'k.hip', key: 'js' } as const;
const entryOf = (json: Record<string, unknown>): ManifestEntry => validateManifest({ version: 1, entries: [json] }, { file: 'js.json', dir: '/js', fileExists: () => true }).entries[0] as ManifestEntry;

describe('split factors', () => {
  it('min, 2, 3, 4, 8, 16, max and the launch\'s own, within the range', () => {
    expect(splitFactors({ parts: 64, min: 1, max: 256 })).toEqual([1, 2, 3, 4, 8, 16, 64, 256]);
    expect(splitFactors({ parts: 12, min: 1, max: 132 })).toEqual([1, 2, 3, 4, 8, 12, 16, 132]);
    expect(splitFactors({ parts: 3, min: 3, max: 5 })).toEqual([3, 4, 5]);
    expect(splitFactors({ parts: 1, min: 1, max: 1 })).toEqual([1]);
  });

  it('joins inputs of one vocabulary into one batch, naming where each went', () => {
    const a = { name: 'a', rows: { data: Float32Array.of(1, 2, 3, 4), batch: 2, vocab: 2 } };
    const b = { name: 'b', rows: { data: Float32Array.of(9, 9, 9), batch: 1, vocab: 3 } };
    const c = { name: 'c', rows: { data: Float32Array.of(5, 6), batch: 1, vocab: 2 } };
    expect(joinByVocab([a, b, c])).toEqual([
      { name: 'vocab 2: a (rows 0..1); c (rows 2..2)', rows: { data: Float32Array.of(1, 2, 3, 4, 5, 6), batch: 3, vocab: 2 } },
      { name: 'vocab 3: b (rows 0..0)', rows: b.rows },
    ]);
  });

  it('merges each stage over the factors, every finding naming its factor', () => {
    const ok = checkResult('exact replay', [], 4);
    const bad = checkResult('exact replay', [{ row: 1, message: 'token 3, expected 2' }], 4);
    const merged = mergeAcrossFactors([
      { parts: 1, checks: [{ result: ok, scope: 'contract' }] },
      { parts: 8, checks: [{ result: bad, scope: 'contract' }] },
    ]);
    expect(merged).toEqual([{ result: checkResult('exact replay', [{ row: 1, message: 'split factor 8: token 3, expected 2', values: { parts: 8 } }], 8), scope: 'contract' }]);
  });

  it('compares tokens across factors on the rows that are compared; outputs of one factor bit for bit', () => {
    const runs = [{ parts: 1, token: [4, 0, 7] }, { parts: 2, token: [4, 5, 7] }, { parts: 8, token: [4, 0, 6] }];
    expect(sameTokensAcrossFactors(runs).detail.findings.map((f) => [f.row, f.values?.parts])).toEqual([[1, 2], [2, 8]]);
    expect(sameTokensAcrossFactors(runs, (r) => r === 0).ok).toBe(true);
    const a = Float32Array.of(0.5, Number.NaN, 0.25, 0.25);
    expect(deterministicAtFactors([{ parts: 3, vocab: 2, a, b: a.slice() }], () => true).ok).toBe(true);
    const b = Float32Array.of(0.5, Number.NaN, 0.25, -0);
    expect(deterministicAtFactors([{ parts: 3, vocab: 2, a, b }], () => true).detail.findings).toEqual([expect.objectContaining({ row: 1, index: 1, values: { parts: 3, first: 0.25, second: -0 } })]);
    expect(deterministicAtFactors([{ parts: 3, vocab: 2, a, b }], (r) => r === 0).ok).toBe(true);
    expect(maxUlpsAcrossFactors([Float32Array.of(1, 2), Float32Array.of(1, Math.fround(2 + 2 ** -22))], 2, () => true)).toBe(1);
  });
});

/** A top-p sampler split over `parts` blocks; its workspace is 64 bytes per part and row. */
const SAMPLER_JSON = {
  name: 'js_split_top_p',
  file: 'k.hip',
  function: 'js_split_top_p',
  family: 'topp',
  params: [
    { name: 'probs', type: 'f32*', role: 'in', shape: 'batch*vocab' },
    { name: 'token', type: 'i32*', role: 'out', shape: 'batch' },
    { name: 'valid', type: 'i32*', role: 'out', shape: 'batch' },
    { name: 'top_p', type: 'f32', role: 'scalar', range: [1e-45, 1] },
    { name: 'batch', type: 'i32', role: 'scalar', range: [1, 2147483647] },
    { name: 'vocab', type: 'i32', role: 'scalar', range: [1, 2097151] },
    { name: 'seed', type: 'u64', role: 'scalar' },
    { name: 'offset', type: 'u64', role: 'scalar' },
    { name: 'workspace', type: 'void*', role: 'workspace' },
  ],
  launch: { grid: 'batch * parts', block: 256, split: { parts: 'min(4, vocab)', max: 'min(16, multiprocessors * 4)' } },
  reference: { op: 'sample', filter: 'top-p' },
  tiePolicy: 'ties-kept',
  rng: { mode: 'philox-replay' },
  workspaceBytes: 'batch * 64 * parts',
  outputs: { token: 'token', valid: 'valid' },
};
const SPLIT_SAMPLER = entryOf(SAMPLER_JSON);

/** The reference sampler, reading its split factor from the grid; `fault(parts, row, token)` plants a bug. */
function splitSampler(seen: number[], fault: (parts: number, row: number, token: number) => number = (_p, _r, t) => t): JsKernel {
  return (ctx) => {
    const [batch, vocab] = [ctx.num(4), ctx.num(5)];
    const parts = ctx.options.grid.x / batch;
    if (ctx.mem(8).byteLength !== batch * 64 * parts) throw new Error(`workspace of ${ctx.mem(8).byteLength} bytes at ${parts} parts`);
    seen.push(parts);
    const probs = ctx.mem(0);
    const data = Float32Array.from({ length: batch * vocab }, (_v, i) => probs.getFloat32(i * 4, true));
    const want = referenceSample({ data, batch, vocab }, { kind: 'top-p', p: Math.fround(ctx.num(3)), policy: 'ties-kept' }, rowUniforms(ctx.big(6), ctx.big(7), batch));
    want.forEach((w, r) => {
      ctx.mem(1).setInt32(r * 4, fault(parts, r, w.token), true);
      ctx.mem(2).setInt32(r * 4, w.valid ? 1 : 0, true);
    });
    return 0.01;
  };
}

describe('a split sampler at every factor, through the binding', () => {
  const rows = distinctRows('probs', 6, 300, 'split-js');
  rows.data[2 * 300 + 4] = Number.NaN; // a flagged invalid row: token 0 at every factor
  const si = { input: { name: 'js rows', rows }, seed: 99n, offset: 3n };
  const failing = (checks: { result: { ok: boolean; stage: string } }[]): string[] => checks.filter((c) => !c.result.ok).map((c) => c.result.stage);

  it('launches each factor with its grid and workspace; replay and identical tokens hold for a correct kernel', async () => {
    const seen: number[] = [];
    const runner = jsRunner({ js_split_top_p: splitSampler(seen) });
    const { factors, checks } = await samplerFactorChecks(runner, SPLIT_SAMPLER, si, { p: 0.9 }, { module });
    // the JS device has 4 multiprocessors: max = min(16, 16)
    expect(factors).toEqual([1, 2, 3, 4, 8, 16]);
    expect(seen).toEqual(factors);
    expect(runner.launches.map((l) => l.grid.x)).toEqual(factors.map((p) => 6 * p));
    expect(failing(checks)).toEqual([]);
    expect(checks.map((c) => c.result.stage)).toEqual(['token-in-range', 'valid-flags', 'never-samples-masked', 'satisfies-top-p', 'exact replay', SPLIT_CHECK.sameTokens]);
    expect(checks.find((c) => c.result.stage === 'exact replay')?.result.detail.checked).toBe(6 * factors.length);
  });

  it('a kernel whose token moves from 8 parts on fails replay at those factors and the comparison across factors', async () => {
    const runner = jsRunner({ js_split_top_p: splitSampler([], (parts, row, t) => (parts >= 8 && row === 1 ? (t + 1) % 300 : t)) });
    const { checks } = await samplerFactorChecks(runner, SPLIT_SAMPLER, si, { p: 1 }, { module });
    const stage = (name: string) => checks.find((c) => c.result.stage === name)?.result;
    expect(stage('exact replay')?.detail.findings.map((f) => [f.row, f.values?.parts])).toEqual([[1, 8], [1, 16]]);
    expect(stage(SPLIT_CHECK.sameTokens)?.detail.findings.map((f) => [f.row, f.values?.parts])).toEqual([[1, 8], [1, 16]]);
  });

  it('an entry without a split has no factors to launch', async () => {
    const plain = entryOf({ ...SAMPLER_JSON, launch: { grid: 'batch', block: 256 }, workspaceBytes: 0, params: SAMPLER_JSON.params.slice(0, 8) });
    await expect(samplerFactorChecks(jsRunner({}), plain, si, { p: 1 }, { module })).rejects.toThrow(/declares no launch\.split/);
  });
});

/** A prefix sum split over parts, with a bug switch: at `flaky` parts every second launch adds a rounding error. */
const SPLIT_SCAN = entryOf({
  name: 'js_split_scan',
  file: 'k.hip',
  function: 'js_split_scan',
  family: 'prefix-sum',
  params: [
    { name: 'input', type: 'f32*', role: 'in', shape: 'batch*vocab' },
    { name: 'output', type: 'f32*', role: 'out', shape: 'batch*vocab' },
    { name: 'n', type: 'i32', role: 'batch', range: [1, 2147483647] },
    { name: 'd', type: 'i32', role: 'vocab', range: [1, 2097151] },
  ],
  launch: { grid: 'batch * parts', block: 128, split: { parts: 'min(2, multiprocessors)', max: 'min(multiprocessors, 256)' } },
  reference: { op: 'prefix-sum' },
  tiePolicy: null,
  rng: null,
  invalidRows: 'unspecified',
  outputs: { output: 'sums' },
});

function splitScan(flaky: number | null): JsKernel {
  let launches = 0;
  return (ctx) => {
    const [batch, vocab] = [ctx.num(2), ctx.num(3)];
    const parts = ctx.options.grid.x / batch;
    const wobble = parts === flaky && launches++ % 2 === 1;
    for (let r = 0; r < batch; r++) {
      let s = 0;
      for (let i = 0; i < vocab; i++) {
        s += ctx.mem(0).getFloat32((r * vocab + i) * 4, true);
        ctx.mem(1).setFloat32((r * vocab + i) * 4, wobble && i === vocab - 1 ? s * (1 + 2 ** -22) : s, true);
      }
    }
    return 0.01;
  };
}

describe('a split transform at every factor, through the binding', () => {
  const input = { name: 'js rows', rows: distinctRows('probs', 3, 200, 'split-scan-js') };
  it('holds its contract and repeats itself bit for bit at each factor', async () => {
    const { factors, checks, ulps } = await transformFactorChecks(jsRunner({ js_split_scan: splitScan(null) }), SPLIT_SCAN, input, {}, { module });
    expect(factors).toEqual([1, 2, 3, 4]);
    expect(checks.filter((c) => !c.result.ok)).toEqual([]);
    expect(checks.map((c) => c.result.stage)).toEqual(['monotone-non-decreasing', 'prefix sum values', SPLIT_CHECK.deterministic]);
    expect(ulps).toBe(0);
  });
  it('a second launch at one factor that differs in one value fails determinism, naming the factor', async () => {
    const { checks } = await transformFactorChecks(jsRunner({ js_split_scan: splitScan(3) }), SPLIT_SCAN, input, {}, { module });
    const det = checks.find((c) => c.result.stage === SPLIT_CHECK.deterministic)?.result;
    expect(det?.ok).toBe(false);
    expect(det?.detail.findings.map((f) => [f.row, f.index, f.values?.parts])).toEqual([[0, 199, 3], [1, 199, 3], [2, 199, 3]]);
  });
});
