import { describe, expect, it } from 'vitest';
import { validFlagsMatch } from './valid-flags.ts';

const b = { data: new Float32Array([0.5, 0.5, 0, 0, Number.NaN, 1]), batch: 3, vocab: 2 };

describe('validFlagsMatch', () => {
  it('passes when flags and tokens follow the invalid-row rule', () => {
    expect(validFlagsMatch(b, new Int32Array([1, 0, 0]), { tokens: new Int32Array([1, 0, 0]) }).ok).toBe(true);
  });
  it('reports wrong flags and non-zero tokens on invalid rows', () => {
    const r = validFlagsMatch(b, new Int32Array([1, 1, 0]), { tokens: new Int32Array([1, 0, 1]) });
    expect(r.detail.findings).toEqual([
      expect.objectContaining({ row: 1, values: { valid: 1, expected: 0 } }),
      expect.objectContaining({ row: 2, index: 1 }),
    ]);
  });
  it('uses the logit rule when asked', () => {
    const logits = { data: new Float32Array([0, -Infinity, -Infinity, -Infinity]), batch: 2, vocab: 2 };
    expect(validFlagsMatch(logits, new Int32Array([1, 0]), { rows: 'logits' }).ok).toBe(true);
  });
});
