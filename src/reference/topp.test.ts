import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantizeWeight } from './fixed-point.ts';
import { argmax } from './greedy.ts';
import { renormalize } from './renorm.ts';
import { oracleTopP, probRow } from '../../test/reference/sort-oracle.ts';
import { nucleusBoundary, topPMask } from './topp.ts';

const mass = (row: ArrayLike<number>, mask: Uint8Array): number => {
  let m = 0;
  for (let i = 0; i < row.length; i++) if (mask[i] === 1) m += quantizeWeight(row[i] as number);
  return m;
};
const pArb = fc.double({ min: 1e-6, max: 1, noNaN: true });

describe('topPMask', () => {
  it('matches the sort oracle for both policies', () => {
    fc.assert(
      fc.property(probRow(), pArb, (row, p) => {
        for (const policy of ['exact', 'ties-kept'] as const) {
          expect(topPMask(row, p, policy)).toEqual(oracleTopP(row, p, policy));
        }
      }),
      { seed: 9, numRuns: 300 },
    );
  });
  it('is minimal: mass ≥ p·T, and dropping its smallest member falls below', () => {
    fc.assert(
      fc.property(probRow(), fc.double({ min: 1e-6, max: 0.999, noNaN: true }), (row, p) => {
        const mask = topPMask(row, p, 'exact');
        const b = nucleusBoundary(row, p, 'exact');
        expect(b).not.toBeNull();
        const total = mass(row, new Uint8Array(row.length).fill(1));
        const target = Math.fround(p) * total;
        expect(mass(row, mask)).toBeGreaterThanOrEqual(target);
        expect(mass(row, mask) - quantizeWeight(row[b?.lastIndex as number] as number)).toBeLessThan(target);
        expect(b?.massAtBoundary).toBe(mass(row, mask));
        expect(b?.massAbove).toBeLessThan(target);
      }),
      { seed: 10 },
    );
  });
  it('p = 1 is a no-op and a tiny p gives the argmax', () => {
    fc.assert(
      fc.property(probRow(), (row) => {
        expect(topPMask(row, 1, 'exact').every((x) => x === 1)).toBe(true);
        const tiny = topPMask(row, 1e-30, 'exact');
        expect(tiny.indexOf(1)).toBe(argmax(row));
        expect(tiny.reduce((s, x) => s + x, 0)).toBe(1);
      }),
      { seed: 11 },
    );
  });
  it("reproduces llama.cpp's known example: {0.1,0.2,0.3,0.4}, top-p 0.7", () => {
    const row = new Float32Array([0.1, 0.2, 0.3, 0.4]);
    const renorm = renormalize(row, topPMask(row, 0.7, 'exact'));
    expect(renorm[0]).toBe(0);
    expect(renorm[1]).toBe(0);
    expect(renorm[2]).toBeCloseTo(0.428571, 6);
    expect(renorm[3]).toBeCloseTo(0.571429, 6);
  });
  it('keeps ties at the boundary only under ties-kept', () => {
    const row = [0.5, 0.25, 0.25];
    expect(Array.from(topPMask(row, 0.6, 'exact'))).toEqual([1, 1, 0]);
    expect(Array.from(topPMask(row, 0.6, 'ties-kept'))).toEqual([1, 1, 1]);
  });
  it('rejects p outside (0, 1] and returns null / zeros for invalid rows', () => {
    expect(() => topPMask([0.5], 0, 'exact')).toThrow(/p must be in \(0, 1\]/);
    expect(() => topPMask([0.5], 1.01, 'exact')).toThrow(RangeError);
    expect(nucleusBoundary([0, 0], 0.5, 'exact')).toBeNull();
    expect(Array.from(topPMask([2, 0.5], 0.5, 'exact'))).toEqual([0, 0]);
  });
});
