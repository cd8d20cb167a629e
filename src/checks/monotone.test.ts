import { describe, expect, it } from 'vitest';
import { inclusivePrefixSum } from '../reference/prefix-sum.ts';
import { isMonotoneNonDecreasing } from './monotone.ts';

describe('isMonotoneNonDecreasing', () => {
  it('passes on a prefix sum of non-negative rows', () => {
    const data = inclusivePrefixSum({ data: new Float32Array([0.1, 0, 0.5, 0.2, 0.2, 0.3]), batch: 2, vocab: 3 });
    const r = isMonotoneNonDecreasing({ data, batch: 2, vocab: 3 });
    expect(r).toEqual({ stage: 'monotone-non-decreasing', ok: true, detail: { findings: [], checked: 2 } });
  });
  it('reports the first violating index and both values per row', () => {
    const r = isMonotoneNonDecreasing({ data: new Float64Array([0, 1, 2, 0, 0.5, 0.4, 0.3, Number.NaN]), batch: 2, vocab: 4 });
    expect(r.ok).toBe(false);
    expect(r.detail.findings).toEqual([
      expect.objectContaining({ row: 0, index: 3, values: { previous: 2, value: 0 } }),
      expect.objectContaining({ row: 1, index: 1, values: { previous: 0.5, value: 0.4 } }),
    ]);
  });
});
