import { describe, expect, it } from 'vitest';
import { gTestGof } from './g-test.ts';

describe('gTestGof', () => {
  it('computes the hand-worked G statistic and p-value', () => {
    // G = 2 (10 ln 0.5 + 20 ln 1 + 30 ln 1.5); df 2 → p = e^{−G/2}.
    const g = 2 * (10 * Math.log(0.5) + 30 * Math.log(1.5));
    const r = gTestGof([10, 20, 30], [1, 1, 1]);
    expect(r.statistic).toBeCloseTo(g, 12);
    expect(r.pValue).toBeCloseTo(Math.exp(-g / 2), 12);
  });
  it('treats 0·ln 0 as 0 and is 0 for a perfect fit', () => {
    expect(gTestGof([0, 20], [1, 1]).statistic).toBeCloseTo(2 * 20 * Math.log(2), 12);
    expect(gTestGof([7, 14, 21], [1, 2, 3]).statistic).toBe(0);
  });
  it('uses the same merging and impossibility rule as the chi-square test', () => {
    const r = gTestGof([3, 3, 44, 50], [0.01, 0.02, 0.47, 0.5]);
    expect(r.cells).toBe(2);
    expect(gTestGof([1, 1], [1, 0]).impossible).toEqual({ index: 1, observed: 1 });
  });
});
