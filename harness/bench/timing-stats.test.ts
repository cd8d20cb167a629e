import { describe, expect, it } from 'vitest';
import { summarizeTimings } from './timing-stats.ts';

describe('summarizeTimings', () => {
  it('gives the median, p10 and p90 (nearest rank; the median of an even count averages the middle two), whatever the input order', () => {
    const s = summarizeTimings([10, 1, 9, 2, 8, 3, 7, 4, 6, 5, 11]);
    expect(s).toEqual({ n: 11, medianMs: 6, p10Ms: 2, p90Ms: 10, minMs: 1, maxMs: 11 });
    expect(summarizeTimings([4, 2]).medianMs).toBe(3);
  });
  it('rejects empty input and bad timings', () => {
    expect(() => summarizeTimings([])).toThrow(/at least one timing/);
    expect(() => summarizeTimings([1, Number.NaN])).toThrow(/ms\[1\] must be a finite time ≥ 0, got NaN/);
  });
});
