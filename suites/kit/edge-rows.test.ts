import { describe, expect, it } from 'vitest';
import { applyTemperature, eligibleMask, isValidLogitRow, isValidProbRow, quantizeRow } from '../../src/reference/index.ts';
import { rowUniforms } from '../../src/rng/index.ts';
import { edgeInputs, nucleusBoundaryRows, tailBelowFp32ResolutionRow, tiedAcrossWavesRow, U_ONE_STREAM } from './edge-rows.ts';
import { invalidEntryProbRows, ROW_TILE, sparseLogitRows, sparseProbRows, sparseRow, SPECIAL_VOCAB, specialLogitRows, WIDE_VOCAB_SCALAR, WIDE_VOCAB_VECTOR } from './wide-edge-rows.ts';

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

  it('exist for both row kinds, each batch a whole number of replicas', () => {
    expect.hasAssertions();
    for (const kind of ['probs', 'logits'] as const) {
      expect(edgeInputs(kind).length, kind).toBeGreaterThan(0);
      for (const input of edgeInputs(kind)) expect(input.rows.data.length, input.name).toBe(input.rows.batch * input.rows.vocab);
    }
  });

  it('U_ONE_STREAM draws u = 1 on its row and not on the next', () => {
    const u = rowUniforms(U_ONE_STREAM.seed, U_ONE_STREAM.offset, 2);
    expect(u[U_ONE_STREAM.row]).toBe(1);
    expect(u[1]).toBeLessThan(1);
  });
});

const tilesOf = (row: Float32Array, background: number): Set<number> => new Set([...row.keys()].filter((i) => row[i] !== background).map((i) => Math.floor(i / ROW_TILE)));

describe('wide edge rows', () => {
  it('scalar-load and float4-load widths: five tiles, and five plus a 3-entry tail tile', () => {
    expect(WIDE_VOCAB_VECTOR % 4).toBe(0);
    expect(WIDE_VOCAB_SCALAR % 4).not.toBe(0);
    expect(Math.ceil(WIDE_VOCAB_SCALAR / ROW_TILE)).toBe(6);
  });

  it.each([WIDE_VOCAB_SCALAR, WIDE_VOCAB_VECTOR])('sparse probability rows (vocab %i): valid, T = 2^32 exactly, mass in the last tile and past the first load group', (vocab) => {
    const rows = sparseProbRows(vocab);
    for (const row of rows) {
      expect(isValidProbRow(row)).toBe(true);
      expect(sum(quantizeRow(row) as Float64Array)).toBe(2 ** 32);
      expect(Math.max(...tilesOf(row, 0))).toBeGreaterThanOrEqual(4);
    }
    expect(tilesOf(rows[0] as Float32Array, 0).size).toBeGreaterThanOrEqual(4);
    expect(rows[1]?.[vocab - 1]).toBe(1);
  });

  it.each([WIDE_VOCAB_SCALAR, WIDE_VOCAB_VECTOR])('sparse logit rows (vocab %i): valid, maximum in a late tile', (vocab) => {
    for (const row of sparseLogitRows(vocab)) {
      expect(isValidLogitRow(row)).toBe(true);
      expect(Math.floor(row.indexOf(Math.max(...row)) / ROW_TILE)).toBeGreaterThanOrEqual(2);
    }
  });

  it('invalid-entry probability rows: all invalid as probabilities; the prefix sum accepts only the finite, non-negative ones', () => {
    const rows = invalidEntryProbRows(WIDE_VOCAB_SCALAR);
    expect(rows.map(isValidProbRow)).toEqual([false, false, false, false, false, false]);
    expect(rows.map((r) => r.every((x) => x >= 0 && x < Infinity))).toEqual([false, false, false, false, true, true]);
  });

  it('special logit rows: validity as documented; x / T overflows to −inf and the row stays valid', () => {
    const rows = specialLogitRows(SPECIAL_VOCAB);
    expect(rows.map(isValidLogitRow)).toEqual([true, true, false, false, true, false, false]);
    const scaled = applyTemperature({ data: rows[1] as Float32Array, batch: 1, vocab: SPECIAL_VOCAB }, 0.5).data;
    expect(scaled[0]).toBe(-Infinity);
    expect(isValidLogitRow(scaled)).toBe(true);
    expect(Math.max(...tilesOf(rows[2] as Float32Array, NaN))).toBe(2);
  });

  it('sparseRow names a bad index or a value that is not fp32', () => {
    expect(() => sparseRow(4, 0, [[4, 1]])).toThrow(/index must be in \[0, 3\], got 4/);
    expect(() => sparseRow(4, 0, [[1, 0.1]])).toThrow(/entry 1 \(0.1\) is not an fp32 value/);
  });
});
