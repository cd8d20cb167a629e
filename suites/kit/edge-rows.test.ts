import { describe, expect, it } from 'vitest';
import { eligibleMask, quantizeRow } from '../../src/reference/index.ts';
import { rowUniforms } from '../../src/rng/index.ts';
import { edgeInputs, nucleusBoundaryRows, tailBelowFp32ResolutionRow, tiedAcrossWavesRow, U_ONE_STREAM } from './edge-rows.ts';

const sum = (a: ArrayLike<number>): number => Array.from(a).reduce((s, x) => s + x, 0);

describe('edge rows', () => {
  it('nucleus rows: T = 2^32 and the minimal nucleus reaches p·T exactly (1, 2, 1 tokens)', () => {
    const cases: [number, number][] = [[0.5, 1], [0.9, 2], [0.1, 1]];
    nucleusBoundaryRows().forEach((row, j) => {
      const [p, size] = cases[j] as [number, number];
      const q = quantizeRow(row) as Float64Array;
      expect(sum(q)).toBe(2 ** 32);
      const target = Math.fround(p) * 2 ** 32;
      expect(Number.isInteger(target)).toBe(true);
      expect(sum(q.subarray(0, size))).toBe(target);
      for (const policy of ['exact', 'ties-kept'] as const) {
        const mask = eligibleMask(row, { kind: 'top-p', p: Math.fround(p), policy }, 0);
        expect(sum(mask), `p = ${p}, ${policy}`).toBe(size);
      }
    });
  });

  it('tail row: more than half of the fixed-point mass lies in tokens below 2^-24', () => {
    const q = quantizeRow(tailBelowFp32ResolutionRow()) as Float64Array;
    expect(sum(q.subarray(1)) / sum(q)).toBeGreaterThan(0.5);
    expect(Math.max(...q.subarray(1))).toBeLessThan(2 ** 8);
  });

  it('tied row: exact top-k keeps the first k indices, ties-kept keeps all', () => {
    const row = tiedAcrossWavesRow();
    const exact = eligibleMask(row, { kind: 'top-k', k: 500, policy: 'exact' }, 0);
    expect(sum(exact)).toBe(500);
    expect(exact[499]).toBe(1);
    expect(exact[500]).toBe(0);
    expect(sum(eligibleMask(row, { kind: 'top-k', k: 500, policy: 'ties-kept' }, 0))).toBe(4096);
  });

  it('are probability rows only, each batch a whole number of replicas', () => {
    expect(edgeInputs('logits')).toEqual([]);
    for (const input of edgeInputs('probs')) expect(input.rows.data.length).toBe(input.rows.batch * input.rows.vocab);
  });

  it('U_ONE_STREAM draws u = 1 on its row and not on the next', () => {
    const u = rowUniforms(U_ONE_STREAM.seed, U_ONE_STREAM.offset, 2);
    expect(u[U_ONE_STREAM.row]).toBe(1);
    expect(u[1]).toBeLessThan(1);
  });
});
