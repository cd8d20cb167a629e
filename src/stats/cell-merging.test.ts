import { describe, expect, it } from 'vitest';
import { mergeLowExpected, prepareCells } from './cell-merging.ts';

describe('mergeLowExpected', () => {
  it('pools the smallest cells, ascending, until each pool reaches the threshold', () => {
    // expected: 1, 2, 3, 10, 0.5, 4 → ascending 0.5(4) 1(0) 2(1) 3(2) 4(5) 10(3)
    // pools: {4,0,1,2} = 6.5 ≥ 5 closes; {5} = 4 is still open when 10 (#3) comes, which closes it.
    expect(mergeLowExpected([1, 2, 3, 10, 0.5, 4], 5)).toEqual([[0, 1, 2, 4], [3, 5]]);
  });
  it('folds a last pool still below the threshold into the pool before it', () => {
    // ascending 3(#0) 4(#1) 2... → 2(#2) 3(#0) = 5 closes; 4(#1) is left open at the end → joins it.
    expect(mergeLowExpected([3, 4, 2], 5)).toEqual([[0, 1, 2]]);
    expect(mergeLowExpected([3, 6, 2, 1], 5)).toEqual([[0, 2, 3], [1]]);
  });
  it('leaves cells at or above the threshold alone and drops zero-expected cells', () => {
    expect(mergeLowExpected([5, 0, 7, 9], 5)).toEqual([[0], [2], [3]]);
  });
  it('merges everything into one cell when the total is below the threshold', () => {
    expect(mergeLowExpected([1, 1, 1], 5)).toEqual([[0, 1, 2]]);
  });
  it('does not merge at threshold 0', () => {
    expect(mergeLowExpected([0.1, 0.2], 0)).toEqual([[0], [1]]);
  });
});

describe('prepareCells', () => {
  it('normalizes expected weights and pools observed counts with them', () => {
    const { groups, total, impossible } = prepareCells([3, 1, 6], [2, 2, 6]);
    expect(total).toBe(10);
    expect(impossible).toBeNull();
    // expected counts 2, 2, 6 → {0,1} = 4 < 5 is still open when 6 (#2) comes, so all three pool.
    expect(groups).toEqual([{ indices: [0, 1, 2], observed: 10, expected: 10 }]);
  });
  it('flags a sample on a zero-probability cell with its index', () => {
    expect(prepareCells([5, 0, 2], [1, 1, 0]).impossible).toEqual({ index: 2, observed: 2 });
  });
  it('rejects bad counts, weights, lengths, empty samples and thresholds with the argument named', () => {
    expect(() => prepareCells([1.5, 2], [1, 1])).toThrow(/observed\[0\] must be a non-negative integer/);
    expect(() => prepareCells([1, -2], [1, 1])).toThrow(/observed\[1\]/);
    expect(() => prepareCells([1, 2], [1, NaN])).toThrow(/expectedProbs\[1\] must be a finite number >= 0/);
    expect(() => prepareCells([1, 2], [0, 0])).toThrow(/expectedProbs must have a finite total > 0/);
    expect(() => prepareCells([1, 2, 3], [1, 1])).toThrow(/same length/);
    expect(() => prepareCells([0, 0], [1, 1])).toThrow(/at least one sample/);
    expect(() => prepareCells([1, 2], [1, 1], { minExpected: -1 })).toThrow(/minExpected/);
  });
});
