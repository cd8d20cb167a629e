import { describe, expect, it } from 'vitest';
import { neverSamplesMasked } from './masked.ts';

describe('neverSamplesMasked', () => {
  it('flags zero-probability tokens in probability rows', () => {
    const b = { data: new Float32Array([0.5, 0, 0.5, 0, 1, 0]), batch: 2, vocab: 3 };
    expect(neverSamplesMasked(b, new Int32Array([0, 1])).ok).toBe(true);
    expect(neverSamplesMasked(b, new Int32Array([1, 1])).detail.findings).toEqual([
      expect.objectContaining({ row: 0, index: 1, values: { token: 1, value: 0 } }),
    ]);
  });
  it('flags −inf tokens in logit rows (0 is a fine logit)', () => {
    const b = { data: new Float32Array([0, -Infinity, 2]), batch: 1, vocab: 3 };
    expect(neverSamplesMasked(b, new Int32Array([0]), 'logits').ok).toBe(true);
    expect(neverSamplesMasked(b, new Int32Array([1]), 'logits').detail.findings[0]).toMatchObject({ row: 0, index: 1 });
  });
});
