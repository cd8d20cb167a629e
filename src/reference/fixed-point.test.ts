import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXED_POINT_ONE, fixedPointTotal, quantizeRow, quantizeWeight } from './fixed-point.ts';

describe('quantizeWeight', () => {
  it('maps known weights', () => {
    expect(quantizeWeight(0)).toBe(0);
    expect(quantizeWeight(1)).toBe(FIXED_POINT_ONE);
    expect(quantizeWeight(0.5)).toBe(2 ** 31);
    expect(quantizeWeight(2 ** -33)).toBe(0);
    expect(quantizeWeight(Math.fround(0.1))).toBe(Math.floor(Math.fround(0.1) * 2 ** 32));
  });
  it('is exact: q ≤ w·2^32 < q + 1 for fp32 weights', () => {
    fc.assert(
      fc.property(fc.float({ min: 0, max: 1, noNaN: true }), (w) => {
        const q = quantizeWeight(w);
        expect(Number.isInteger(q)).toBe(true);
        expect(q <= w * 2 ** 32 && w * 2 ** 32 < q + 1).toBe(true);
      }),
      { seed: 1 },
    );
  });
  it('rejects weights outside [0, 1] naming the argument', () => {
    expect(() => quantizeWeight(-0.1)).toThrow(/w must be in \[0, 1\]/);
    expect(() => quantizeWeight(1.5)).toThrow(RangeError);
    expect(() => quantizeWeight(Number.NaN)).toThrow(RangeError);
  });
  it('quantizeRow returns null for an invalid row and sums exactly', () => {
    expect(quantizeRow([0.5, -1])).toBeNull();
    const q = quantizeRow(new Float32Array([0.25, 0.75]));
    expect(q).not.toBeNull();
    expect(fixedPointTotal(q as Float64Array)).toBe(FIXED_POINT_ONE);
  });
});
