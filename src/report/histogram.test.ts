import { describe, expect, test } from 'vitest';
import { truncateHistogram } from './histogram.ts';

const labels = (n: number): string[] => Array.from({ length: n }, (_, i) => String(i));

describe('truncateHistogram', () => {
  test('keeps short histograms as they are', () => {
    expect(truncateHistogram([1, 2], [2, 1], ['a', 'b'])).toEqual({ labels: ['a', 'b'], observed: [1, 2], expected: [2, 1] });
  });

  test('keeps the largest cells in index order and sums the rest into "other"', () => {
    const expected = [5, 1, 9, 2, 7];
    const observed = [4, 0, 10, 3, 6];
    const t = truncateHistogram(observed, expected, labels(5), 3);
    expect(t.labels).toEqual(['0', '2', '4', 'other']);
    expect(t.expected).toEqual([5, 9, 7, 3]);
    expect(t.observed).toEqual([4, 10, 6, 3]);
  });

  test('a cell the reference forbids but the kernel emits is kept', () => {
    const expected = [10, 9, 8, 0];
    const observed = [10, 9, 0, 50];
    expect(truncateHistogram(observed, expected, labels(4), 2).labels).toEqual(['0', '3', 'other']);
  });

  test('totals are preserved', () => {
    const expected = Array.from({ length: 1000 }, (_, i) => 1 / (i + 1));
    const observed = expected.map((e) => e * 2);
    const t = truncateHistogram(observed, expected, labels(1000));
    expect(t.labels).toHaveLength(41);
    const sum = (a: readonly number[]): number => a.reduce((x, y) => x + y, 0);
    expect(sum(t.expected)).toBeCloseTo(sum(expected), 9);
    expect(sum(t.observed)).toBeCloseTo(sum(observed), 9);
  });

  test('rejects mismatched lengths and a bad cell limit', () => {
    expect(() => truncateHistogram([1], [1, 2], ['a'])).toThrow(RangeError);
    expect(() => truncateHistogram([1], [1], ['a'], 0)).toThrow(/maxCells/);
  });
});
