import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest, type ManifestEntry } from '../../src/manifest/index.ts';
import { REPO_ROOT } from './kernel-dir.ts';
import { replicatedNeverMasked, replicatedSamplingChecks, replicatedValidFlags } from './replicated-checks.ts';

const entry = (dir: string, name: string): ManifestEntry => loadManifest(path.join(REPO_ROOT, dir)).entries.find((e) => e.name === name) as ManifestEntry;
const shipped = entry('kernels', 'top_p_sampling_ties_kept');
const downstream = entry('examples/downstream-abi', 'topp_sampling_kernel');
const library = entry('examples/third-party-style', 'top_p_sampling_from_probs_bf16');

describe('replicated checks', () => {
  const probs = { data: new Float32Array([0.5, 0.5, 0, 0, /* invalid: */ 0, 0, 0, 0]), batch: 2, vocab: 4 };
  const rows = { batch: 5, block: probs, blockRow: (r: number) => r % 2 };

  it('pass on correct tokens and flags for every row', () => {
    const tokens = new Int32Array([1, 0, 0, 0, 1]);
    const valid = new Int32Array([1, 0, 1, 0, 1]);
    expect(replicatedSamplingChecks(shipped, rows, tokens, valid).map((c) => [c.result.stage, c.scope, c.result.ok])).toEqual([
      ['token-in-range', 'universal', true],
      ['valid-flags', 'contract', true],
      ['never-samples-masked', 'universal', true],
    ]);
  });

  it('find a wrong flag, a token on an invalid row, a masked token and an out-of-range token, with their rows', () => {
    const valid = new Int32Array([1, 1, 1, 0, 1]);
    const tokens = new Int32Array([1, 0, 2, 3, 4]);
    const flags = replicatedValidFlags(rows, 'probs', valid, tokens);
    expect(flags.detail.findings.map((f) => [f.row, f.message])).toEqual([[1, 'valid flag 1, expected 0'], [3, 'invalid row must return token 0']]);
    expect(replicatedNeverMasked(rows, 'probs', tokens).detail.findings.map((f) => [f.row, f.index])).toEqual([[2, 2]]);
    expect(replicatedSamplingChecks(shipped, rows, tokens, valid)[0]?.result.ok).toBe(false);
  });

  it('hold an in-range kernel to a token in range on invalid rows, and ignore an unspecified kernel\'s invalid rows', () => {
    const tokens = new Float64Array([1, 7, 0, 7, 1]); // rows 1 and 3 are invalid
    expect(replicatedSamplingChecks(downstream, rows, tokens, null).map((c) => [c.result.stage, c.result.ok])).toEqual([
      ['token-in-range', false],
      ['never-samples-masked', true],
    ]);
    expect(replicatedSamplingChecks(library, rows, tokens, null).map((c) => [c.result.stage, c.result.ok, c.result.detail.checked])).toEqual([
      ['token-in-range', true, 3],
      ['never-samples-masked', true, 3],
    ]);
  });

  it('reject arrays of the wrong length', () => {
    expect(() => replicatedValidFlags(rows, 'probs', new Int32Array(4))).toThrow(/valid must have length batch = 5, got 4/);
  });
});
