import { describe, expect, it } from 'vitest';
import { isValidDistribution } from './distribution.ts';

describe('isValidDistribution', () => {
  it('passes on distributions within tol', () => {
    expect(isValidDistribution({ data: new Float32Array([0.25, 0.75, 1, 0]), batch: 2, vocab: 2 }, 1e-6).ok).toBe(true);
  });
  it('reports bad entries and sums by row and index', () => {
    const b = { data: new Float32Array([0.5, -0.1, 0.5, 0.6, 0.5, Number.NaN]), batch: 3, vocab: 2 };
    expect(isValidDistribution(b, 1e-6).detail.findings).toEqual([
      expect.objectContaining({ row: 0, index: 1 }),
      expect.objectContaining({ row: 1, values: expect.objectContaining({ tol: 1e-6 }) }),
      expect.objectContaining({ row: 2, index: 1 }),
    ]);
  });
  it('requires all zeros on rows flagged invalid', () => {
    const b = { data: new Float32Array([0, 0, 0.5, 0.5]), batch: 2, vocab: 2 };
    expect(isValidDistribution(b, 1e-6, new Int32Array([0, 1])).ok).toBe(true);
    expect(isValidDistribution(b, 1e-6, new Int32Array([1, 0])).detail.findings.map((f) => f.row)).toEqual([0, 1]);
  });
});
