/**
 * What the sampling suites check for a declared contract, on the real manifests: the shipped kernels (which declare
 * nothing new and keep every check), the downstream ABI example (uniforms-in, u32 tokens, no valid flag, in-range)
 * and the library-style example (bf16, seeded, normalized, unspecified invalid rows).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK, replayPromise } from '../../src/checks/index.ts';
import { loadManifest, type ManifestEntry } from '../../src/manifest/index.ts';
import { probRowTotal } from '../../src/reference/prob-row.ts';
import { planDraws } from '../../src/stats/experiment/index.ts';
import { acceptsParams } from './filter-of.ts';
import { REPO_ROOT } from './kernel-dir.ts';
import { samplingManifestProblems } from './sampling-cpu-blocks.ts';
import { distinctRows, rowsFor } from './sampling-inputs.ts';
import { replayLaunch } from './sampling-replay.ts';
import { drawOffset, guaranteeChecks, notApplicableChecks, referenceFor } from './sampling-run.ts';

const entry = (dir: string, name: string): ManifestEntry => {
  const e = loadManifest(path.join(REPO_ROOT, dir)).entries.find((x) => x.name === name);
  if (e === undefined) throw new Error(`${dir}/manifest.json has no entry ${name}`);
  return e;
};
const shippedExact = entry('kernels', 'top_p_sampling_exact');
const downstream = entry('examples/downstream-abi', 'topp_sampling_kernel');
const library = entry('examples/third-party-style', 'top_p_sampling_from_probs_bf16');

/** Row 0 valid, row 1 invalid (NaN). */
const rows = { data: Float32Array.of(0.5, 0.25, 0.25, 0, Number.NaN, 0.5, 0.25, 0.25), batch: 2, vocab: 4 };
const stages = (e: ManifestEntry, token: number[], valid: number[] | null) =>
  guaranteeChecks(e, rows, { p: 0.5 }, { token: Float64Array.from(token), valid: valid === null ? null : Int32Array.from(valid) }).map((c) => [c.result.stage, c.scope, c.result.ok]);

describe('the manifest block', () => {
  it('fails on a family with no sampling kernel (a test that iterated nothing used to pass)', () => {
    expect(samplingManifestProblems('topp', [])).toEqual([expect.stringMatching(/declares no sampling kernel of family 'topp'/)]);
  });
  it('accepts the shipped and both example directories', () => {
    for (const e of [shippedExact, downstream, library]) expect(samplingManifestProblems('topp', [e])).toEqual([]);
  });
});

describe('which checks run for a declared contract', () => {
  it('a kernel that declares nothing new keeps every check, the exact tie policy as a contract check', () => {
    expect(notApplicableChecks(shippedExact)).toEqual([]);
    expect(replayPromise(shippedExact)).toMatchObject({ kind: 'exact', margin: 0 });
    expect(stages(shippedExact, [0, 0], [1, 0])).toEqual([
      ['token-in-range', 'universal', true],
      ['valid-flags', 'contract', true],
      ['never-samples-masked', 'universal', true],
      ['satisfies-top-p', 'universal', true],
      ['satisfies-top-p (exact ties)', 'contract', true],
    ]);
    expect(stages(shippedExact, [0, 2], [1, 1]).filter(([, , ok]) => !ok).map(([stage]) => stage)).toEqual(['valid-flags']);
  });

  it('uniforms-in without a valid flag: band replay, no valid-flag check, every token (invalid rows too) in range', () => {
    expect(notApplicableChecks(downstream)).toEqual([{ check: CHECK.validFlags, declared: 'invalidRows = in-range' }]);
    expect(replayPromise(downstream)).toEqual({ kind: 'band', check: CHECK.uniformReplay, tolerance: 0 });
    expect(stages(downstream, [0, 3], null)).toEqual([
      ['token-in-range', 'universal', true],
      ['never-samples-masked', 'universal', true],
      ['satisfies-top-p', 'universal', true],
    ]);
    expect(stages(downstream, [0, 4], null)[0]).toEqual(['token-in-range', 'universal', false]);
  });

  it('seeded with unspecified invalid rows: no replay, no valid flag, invalid rows only fed (their tokens ignored)', () => {
    expect(notApplicableChecks(library)).toEqual([
      { check: CHECK.exactReplay, declared: 'rng.mode = seeded' },
      { check: CHECK.validFlags, declared: 'invalidRows = unspecified' },
    ]);
    expect(stages(library, [0, 99], null).map(([stage, , ok]) => [stage, ok])).toEqual([
      ['token-in-range', true],
      ['never-samples-masked', true],
      ['satisfies-top-p', true],
    ]);
    // the filter guarantee still holds the kernel: token 1 (0.25) is outside the nucleus of p = 0.5
    expect(stages(library, [1, 0], null).filter(([, , ok]) => !ok).map(([stage]) => stage)).toEqual(['satisfies-top-p']);
  });
});

describe('replay as the randomness allows', () => {
  const valid = { data: Float32Array.of(0.5, 0.25, 0.25, 0, 0.1, 0.2, 0.3, 0.4), batch: 2, vocab: 4 };
  it('uniforms-in: the tokens of the uniforms the kernel read pass; another token fails with its distance from the band', () => {
    const uniforms = Float32Array.of(0.6, 0.05);
    const launch = (token: number[]) => ({ token: Float64Array.from(token), valid: null, uniforms, ms: 0 });
    // p = 1: row 0 takes token 1 for u in (0.5, 0.75]; row 1 takes token 0 for u in (0, 0.1]
    expect(replayLaunch(downstream, valid, { p: 1 }, launch([1, 0]), 0n, 0n)?.outcome).toMatchObject({ exact: 2, result: { ok: true } });
    const off = replayLaunch(downstream, valid, { p: 1 }, launch([2, 0]), 0n, 0n);
    expect(off?.check.scope).toBe('contract');
    expect(off?.outcome.result.detail.findings).toEqual([expect.objectContaining({ row: 0, index: 2, values: expect.objectContaining({ refToken: 1, distance: expect.closeTo(0.15, 6) }) })]);
  });
  it('philox-replay compares with the TypeScript Philox; seeded has nothing to replay', () => {
    const want = referenceFor(shippedExact, valid, { p: 0.5 }, 7n, 1n);
    const launch = { token: Float64Array.from(want, (w) => w.token), valid: Int32Array.from(want, (w) => (w.valid ? 1 : 0)), uniforms: null, ms: 0 };
    expect(replayLaunch(shippedExact, valid, { p: 0.5 }, launch, 7n, 1n)?.outcome).toMatchObject({ exact: 2, result: { ok: true, stage: 'exact replay' } });
    expect(replayLaunch(library, valid, { p: 0.5 }, launch, 7n, 1n)).toBeNull();
  });
});

describe('inputs and draws as the entry declares them', () => {
  it('bf16 rows of a kernel assuming normalized input sum to exactly 1 as the kernel reads them; f32 rows pass through', () => {
    const generated = distinctRows('probs', 2, 1000, 'contract-test');
    const fed = rowsFor(library, generated);
    for (let r = 0; r < 2; r++) expect(probRowTotal(fed.data.subarray(r * 1000, (r + 1) * 1000))).toBe(2 ** 32);
    expect(rowsFor(downstream, generated).data).toEqual(generated.data);
  });
  it('a scalar-only ABI takes no per-row parameters; a library with a per-row array does', () => {
    expect(acceptsParams(downstream, { p: [0.5, 0.9] })).toBe(false);
    expect(acceptsParams(downstream, { p: 0.5 })).toBe(true);
    expect(acceptsParams(library, { p: [0.5, 0.9] })).toBe(true);
  });
  it('uniforms-in launches of a draw plan read disjoint stretches of the rocRAND stream', () => {
    const plan = planDraws({ vocab: 1000, draws: 1_000_000, maxUploadBytes: 64 * 2 ** 20 });
    expect(drawOffset(downstream, plan, 3)).toBe(3n * BigInt(plan.rowsPerLaunch));
    expect(drawOffset(shippedExact, plan, 3)).toBe(3n);
    expect(drawOffset(library, plan, 3)).toBe(3n);
  });
});
