import { describe, expect, it } from 'vitest';
import { chiSquareGof } from './chi-square.ts';

describe('chiSquareGof', () => {
  it('computes the hand-worked statistic and p-value', () => {
    // E = 20 each: X² = 100/20 + 0 + 100/20 = 10, df 2, p = e^{−5}.
    const r = chiSquareGof([10, 20, 30], [1, 1, 1]);
    expect(r.statistic).toBeCloseTo(10, 12);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-5), 12);
    expect(r.cells).toBe(3);
    expect(r.merged).toEqual([]);
    expect(r.impossible).toBeNull();
    expect(r.n).toBe(60);
  });
  it('merges low expected cells before computing the statistic', () => {
    // n = 100, expected 1, 2, 47, 50 → {0,1} = 3 < 5 → + 47 → 50; {3} = 50.
    const r = chiSquareGof([3, 3, 44, 50], [0.01, 0.02, 0.47, 0.5]);
    expect(r.cells).toBe(2);
    expect(r.df).toBe(1);
    expect(r.merged).toEqual([{ indices: [0, 1, 2], observed: 50, expected: 50 }]);
    expect(r.statistic).toBeCloseTo(0, 12);
    expect(r.pValue).toBeCloseTo(1, 12);
  });
  it('a sample on a zero-probability cell is a definite failure', () => {
    const r = chiSquareGof([10, 10, 1], [0.5, 0.5, 0]);
    expect(r.pValue).toBe(0);
    expect(r.statistic).toBe(Infinity);
    expect(r.impossible).toEqual({ index: 2, observed: 1 });
  });
  it('zero-probability cells without samples are simply not cells', () => {
    const r = chiSquareGof([10, 0, 10], [0.5, 0, 0.5]);
    expect(r.cells).toBe(2);
    expect(r.pValue).toBeCloseTo(1, 12);
  });
  it('reports df 0 and p = 1 when everything pools into one cell', () => {
    const r = chiSquareGof([1, 2], [1, 1]);
    expect(r.df).toBe(0);
    expect(r.pValue).toBe(1);
  });
  it('honours minExpected', () => {
    expect(chiSquareGof([3, 3, 44, 50], [0.01, 0.02, 0.47, 0.5], { minExpected: 0 }).cells).toBe(4);
  });
});
