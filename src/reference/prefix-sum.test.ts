import { describe, expect, it } from 'vitest';
import { exclusivePrefixSum, inclusivePrefixSum, prefixSum } from './prefix-sum.ts';

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

describe('exclusivePrefixSum', () => {
  it('starts each row at 0 and sums the entries before i, in float64', () => {
    const rows = { data: new Float32Array([0.1, 0.2, 0.3, 1, 2, 3]), batch: 2, vocab: 3 };
    const f = Math.fround;
    expect(Array.from(exclusivePrefixSum(rows))).toEqual([0, f(0.1), f(0.1) + f(0.2), 0, 1, 3]);
  });
  it('is the inclusive sum shifted by one entry per row, and prefixSum picks by scan kind', () => {
    const rows = { data: new Float32Array([5, Number.NaN, 1, 2, Infinity, 7]), batch: 2, vocab: 3 };
    const inc = inclusivePrefixSum(rows);
    const exc = exclusivePrefixSum(rows);
    expect(Array.from(exc)).toEqual([0, 5, Number.NaN, 0, 2, Infinity]);
    expect([exc[1], exc[4]]).toEqual([inc[0], inc[3]]);
    expect(prefixSum(rows, 'exclusive')).toEqual(exc);
    expect(prefixSum(rows, 'inclusive')).toEqual(inc);
  });
  it('rejects a malformed batch', () => {
    expect(() => exclusivePrefixSum({ data: new Float32Array(4), batch: 2, vocab: 3 })).toThrow(/b.data.length must equal batch \* vocab = 6, got 4/);
  });
});
