import { describe, expect, it } from 'vitest';
import { tokenInRange } from './token-range.ts';

describe('tokenInRange', () => {
  it('passes on tokens in [0, vocab)', () => {
    expect(tokenInRange(new Int32Array([0, 3, 4]), 5).ok).toBe(true);
  });
  it('reports each out-of-range row', () => {
    const r = tokenInRange(new Int32Array([0, 5, -1]), 5);
    expect(r.detail.findings.map((f) => [f.row, f.index])).toEqual([[1, 5], [2, -1]]);
    expect(() => tokenInRange(new Int32Array(1), 0)).toThrow(/vocab must be an integer/);
  });
});
