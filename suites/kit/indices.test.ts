/**
 * The indices expectation on the CPU: a JS kernel that samples output row i from input row indices[i] with
 * subsequence i replays it exactly through the binding; one that draws from subsequence indices[i] (the row it
 * read) does not.
 */
import { describe, expect, it } from 'vitest';
import { CONTRACT_KERNELS, entryOf, indexedSampler } from '../../test/binding/contract-entries.ts';
import { jsRunner, type JsKernel } from '../../test/binding/js-runner.ts';
import { exactReplay } from '../../src/checks/index.ts';
import { eligibleMask, sampleInverseCdf } from '../../src/reference/index.ts';
import { rowUniforms } from '../../src/rng/index.ts';
import { gatherRows, indexedCall, indexedReference } from './indices.ts';
import { callKernel } from './kernel-call.ts';

const module = { kind: 'module', id: 1, name: 'k.hip', key: 'js' } as const;

/** Top-p sampling of input row indices[i] (the fixed-point step), with the uniform of subsequence `sub(i, row)`. */
function indexedTopP(sub: (output: number, input: number) => number): JsKernel {
  return (k) => {
    const [p, tok, ok, idx] = [k.mem(0), k.mem(1), k.mem(2), k.mem(3)];
    const [topP, batch, inputRows, vocab] = [k.num(4), k.num(5), k.num(6), k.num(7)];
    const [seed, offset] = [k.big(8), k.big(9)];
    for (let i = 0; i < batch; i++) {
      const r = idx.getInt32(i * 4, true);
      const row = Float32Array.from({ length: vocab }, (_, j) => p.getFloat32((r * vocab + j) * 4, true));
      const valid = r >= 0 && r < inputRows;
      const u = rowUniforms(seed, offset, sub(i, r) + 1)[sub(i, r)] as number;
      const s = valid ? sampleInverseCdf(row, eligibleMask(row, { kind: 'top-p', p: topP, policy: 'exact' }, 0), u) : { token: 0, valid: false };
      tok.setInt32(i * 4, s.token, true);
      ok.setInt32(i * 4, s.valid ? 1 : 0, true);
    }
    return 0.1;
  };
}

describe('indices: the expectation of an indexed sampler', () => {
  const entry = entryOf(indexedSampler('i32*'));
  const vocab = 6;
  const rows = { data: Float32Array.from({ length: 3 * vocab }, (_, i) => [0.3, 0.25, 0.2, 0.15, 0.06, 0.04][(i + Math.floor(i / vocab)) % vocab] as number), batch: 3, vocab };
  // several output rows read the same input row: only their subsequences tell them apart
  const indices = Int32Array.of(2, 2, 0, 2, 1, 2, 2, 0);
  const params = { p: Math.fround(0.9) };

  it('gathers input rows by index; an index out of range gives an invalid (NaN) row', () => {
    const g = gatherRows(rows, [1, 1, 0, 3]);
    expect(g.batch).toBe(4);
    expect([...g.data.subarray(0, vocab)]).toEqual([...rows.data.subarray(vocab, 2 * vocab)]);
    expect([...g.data.subarray(2 * vocab, 3 * vocab)]).toEqual([...rows.data.subarray(0, vocab)]);
    expect(g.data.subarray(3 * vocab).every(Number.isNaN)).toBe(true);
  });

  it('a kernel drawing output row i from subsequence i replays exactly; one drawing from subsequence indices[i] does not', async () => {
    const mismatches = async (sub: (output: number, input: number) => number): Promise<number> => {
      const runner = jsRunner({ ...CONTRACT_KERNELS, indexed_argmax_i32: indexedTopP(sub) });
      let n = 0;
      for (const seed of [1n, 2n, 3n]) {
        const r = await callKernel(runner, entry, indexedCall(entry, rows, indices, params, seed, 5n), { module });
        const launch = { token: Float64Array.from(r.outputs.token as Int32Array), valid: r.outputs.valid as Int32Array };
        n += exactReplay(indexedReference(entry, rows, indices, params, seed, 5n), launch).result.detail.findings.length;
      }
      return n;
    };
    expect(await mismatches((i) => i)).toBe(0);
    expect(await mismatches((_i, r) => r)).toBeGreaterThan(0);
  });
});
