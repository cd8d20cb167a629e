import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argmax } from './greedy.ts';
import { distinctRow, oracleTopK, probRow } from '../../test/reference/sort-oracle.ts';
import { topKMask } from './topk.ts';

const count = (m: Uint8Array): number => m.reduce((s, x) => s + x, 0);

describe('topKMask', () => {
  it('matches the sort oracle for both policies', () => {
    fc.assert(
      fc.property(probRow(), fc.integer({ min: 1, max: 50 }), (row, k) => {
        for (const policy of ['exact', 'ties-kept'] as const) {
          expect(topKMask(row, k, policy)).toEqual(oracleTopK(row, k, policy));
        }
      }),
      { seed: 6, numRuns: 300 },
    );
  });
  it('keeps exactly k without ties, ≥ k with ties under ties-kept, exactly k under exact', () => {
    fc.assert(
      fc.property(distinctRow(), probRow(), fc.integer({ min: 1, max: 40 }), (distinct, tied, k) => {
        fc.pre(k < distinct.length && k < tied.length);
        expect(count(topKMask(distinct, k, 'ties-kept'))).toBe(k);
        expect(count(topKMask(distinct, k, 'exact'))).toBe(k);
        expect(count(topKMask(tied, k, 'ties-kept'))).toBeGreaterThanOrEqual(k);
        expect(count(topKMask(tied, k, 'exact'))).toBe(k);
      }),
      { seed: 7 },
    );
  });
  it('k = 1 exact is the argmax (lowest index among maxima)', () => {
    fc.assert(
      fc.property(probRow(), (row) => {
        const mask = topKMask(row, 1, 'exact');
        expect(mask.indexOf(1)).toBe(argmax(row));
        expect(count(mask)).toBe(1);
      }),
      { seed: 8 },
    );
    expect(Array.from(topKMask([0.2, 0.4, 0.4], 1, 'exact'))).toEqual([0, 1, 0]);
    expect(Array.from(topKMask([0.2, 0.4, 0.4], 1, 'ties-kept'))).toEqual([0, 1, 1]);
  });
  it('k ≥ vocab is a no-op', () => {
    expect(Array.from(topKMask([0.1, 0, 0.3], 3, 'exact'))).toEqual([1, 1, 1]);
    expect(Array.from(topKMask([0.1, 0, 0.3], 2 ** 31 - 1, 'ties-kept'))).toEqual([1, 1, 1]);
  });
  it('gives an all-zero mask for an invalid row and rejects bad k', () => {
    expect(Array.from(topKMask([0.5, Number.NaN], 1, 'exact'))).toEqual([0, 0]);
    expect(() => topKMask([0.5], 0, 'exact')).toThrow(/k must be an integer in \[1, 2147483647\]/);
    expect(() => topKMask([0.5], 1.5, 'exact')).toThrow(RangeError);
    expect(() => topKMask([0.5], 1, 'both' as 'exact')).toThrow(/policy must be one of/);
  });
});
