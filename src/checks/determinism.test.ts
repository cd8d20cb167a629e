import { describe, expect, it } from 'vitest';
import { sameTokens } from './determinism.ts';

describe('sameTokens', () => {
  it('passes on identical runs and lists differing rows', () => {
    expect(sameTokens(new Int32Array([1, 2]), new Int32Array([1, 2])).ok).toBe(true);
    const r = sameTokens(new Int32Array([1, 2, 3]), new Int32Array([1, 5, 4, 0]));
    expect(r.detail.findings.map((f) => f.row)).toEqual([1, 2, 3]);
    expect(r.detail.findings[0]?.values).toEqual({ a: 2, b: 5 });
  });
});
