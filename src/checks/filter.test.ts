import { describe, expect, it } from 'vitest';
import { satisfiesFilter, satisfiesMinP, satisfiesTopK, satisfiesTopP } from './filter.ts';

// Row 0: {0.1, 0.2, 0.3, 0.4}; row 1 is invalid (NaN) and skipped.
const b = { data: new Float32Array([0.1, 0.2, 0.3, 0.4, Number.NaN, 0, 0, 0]), batch: 2, vocab: 4 };

describe('filter checks', () => {
  it('top-k: passes inside the set, names row and token outside it', () => {
    expect(satisfiesTopK(b, new Int32Array([2, 0]), 2, 'exact')).toMatchObject({ ok: true, detail: { checked: 1 } });
    const r = satisfiesTopK(b, new Int32Array([1, 0]), 2, 'exact');
    expect(r.detail.findings).toEqual([expect.objectContaining({ row: 0, index: 1 })]);
  });
  it('top-p: the tolerance widens the nucleus to p + tol', () => {
    // Nucleus at 0.7 = {3, 2}; at 0.7 + 0.1 = 0.8 it also takes token 1.
    expect(satisfiesTopP(b, new Int32Array([1, 0]), 0.7, 'exact', 0).detail.findings).toEqual([
      expect.objectContaining({ row: 0, index: 1, values: expect.objectContaining({ boundaryValue: Math.fround(0.3) }) }),
    ]);
    expect(satisfiesTopP(b, new Int32Array([1, 0]), 0.7, 'exact', 0.1).ok).toBe(true);
    expect(() => satisfiesTopP(b, new Int32Array([1, 0]), 0.7, 'exact', -1)).toThrow(/tol must be finite and >= 0/);
  });
  it('min-p: the tolerance lowers min_p', () => {
    expect(satisfiesMinP(b, new Int32Array([0, 0]), 0.5, 0).detail.findings[0]).toMatchObject({ row: 0, index: 0 });
    expect(satisfiesMinP(b, new Int32Array([1, 0]), [0.5, 0.5], 0).ok).toBe(true);
    expect(satisfiesMinP(b, new Int32Array([0, 0]), 0.5, 0.3).ok).toBe(true);
  });
  it('any spec, and out-of-range tokens are findings', () => {
    // Top-3 mass 0.9; 0.4 · 0.9 = 0.36 ≤ 0.4, so only token 3 is left.
    const spec = { kind: 'top-k-top-p', k: 3, p: 0.4, order: 'topk-first', policy: 'exact' } as const;
    expect(satisfiesFilter(b, new Int32Array([3, 0]), spec, 0).ok).toBe(true);
    expect(satisfiesFilter(b, new Int32Array([2, 0]), spec, 0).detail.findings[0]).toMatchObject({ row: 0, index: 2 });
    expect(satisfiesFilter(b, new Int32Array([9, 0]), { kind: 'none' }, 0).detail.findings[0]).toMatchObject({ index: 9 });
    expect(() => satisfiesFilter(b, new Int32Array(1), { kind: 'none' }, 0)).toThrow(/tokens.length must equal/);
  });
});
