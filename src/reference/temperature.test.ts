import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTemperature } from './temperature.ts';

describe('applyTemperature', () => {
  it('divides in fp32 per row', () => {
    const out = applyTemperature({ data: new Float32Array([1, 2, 3, 4]), batch: 2, vocab: 2 }, [0.5, 2]);
    expect(Array.from(out.data)).toEqual([2, 4, 1.5, 2]);
  });
  it('equals the correctly rounded fp32 quotient (checked against an exact rational test)', () => {
    fc.assert(
      fc.property(
        fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
        fc.float({ min: Math.fround(0.05), max: 20, noNaN: true }),
        (x, t) => {
          const y = applyTemperature({ data: new Float32Array([x]), batch: 1, vocab: 1 }, t).data[0] as number;
          // y is the fp32 nearest x/t: |y − x/t| ≤ half an fp32 ulp of y (measured in float64, exact enough here).
          const ulp = y === 0 ? 2 ** -149 : Math.max(2 ** -149, 2 ** (Math.floor(Math.log2(Math.abs(y))) - 23));
          expect(Math.abs(y - x / Math.fround(t))).toBeLessThanOrEqual(ulp / 2 + Math.abs(y) * 2 ** -50);
        },
      ),
      { seed: 2 },
    );
  });
  it('rejects bad temperatures naming the argument', () => {
    const b = { data: new Float32Array(2), batch: 2, vocab: 1 };
    expect(() => applyTemperature(b, 0)).toThrow(/temperature must be finite and > 0/);
    expect(() => applyTemperature(b, [1, Infinity])).toThrow(/temperature\[1\]/);
    expect(() => applyTemperature(b, [1])).toThrow(/temperature.length must equal batch = 2/);
    expect(() => applyTemperature({ data: new Float32Array(3), batch: 2, vocab: 1 }, 1)).toThrow(/b.data.length/);
  });
});
