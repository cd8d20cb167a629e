import { describe, expect, it } from 'vitest';
import { inclusivePrefixSum } from './prefix-sum.ts';

describe('inclusivePrefixSum', () => {
  it('accumulates each row independently in float64', () => {
    const out = inclusivePrefixSum({ data: new Float32Array([0.1, 0.2, 0.3, 1, 2, 3]), batch: 2, vocab: 3 });
    const f = Math.fround;
    expect(Array.from(out)).toEqual([f(0.1), f(0.1) + f(0.2), f(0.1) + f(0.2) + f(0.3), 1, 3, 6]);
  });
  it('rejects a malformed batch', () => {
    expect(() => inclusivePrefixSum({ data: new Float32Array(4), batch: 0, vocab: 4 })).toThrow(/b.batch/);
  });
});
