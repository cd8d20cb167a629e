import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minPMask, minPThreshold } from './minp.ts';
import { probRow } from '../../test/reference/sort-oracle.ts';

describe('minPMask', () => {
  it('keeps w ≥ fl32(fl32(minP)·max)', () => {
    fc.assert(
      fc.property(probRow(), fc.double({ min: 0, max: 1, noNaN: true }), (row, minP) => {
        const max = Math.max(...row);
        const threshold = Math.fround(Math.fround(minP) * max); // fp32 rows: never above max
        expect(minPThreshold(row, minP)).toBe(threshold);
        const mask = minPMask(row, minP);
        for (let i = 0; i < row.length; i++) expect(mask[i]).toBe((row[i] as number) >= threshold ? 1 : 0);
      }),
      { seed: 12 },
    );
  });
  it('min_p = 0 is a no-op and min_p = 1 keeps exactly the maxima', () => {
    expect(Array.from(minPMask([0, 0.2, 0.4, 0.4], 0))).toEqual([1, 1, 1, 1]);
    expect(Array.from(minPMask([0, 0.2, 0.4, 0.4], 1))).toEqual([0, 0, 1, 1]);
    expect(Array.from(minPMask(new Float32Array([0.1, 0.2, 0.4]), 0.5))).toEqual([0, 1, 1]);
  });
  it('rejects min_p outside [0, 1] and zeroes invalid rows', () => {
    expect(() => minPMask([0.5], -0.1)).toThrow(/minP must be in \[0, 1\]/);
    expect(Array.from(minPMask([0.5, -1], 0.1))).toEqual([0, 0]);
  });
});
