import { describe, expect, it } from 'vitest';
import { eligibleMask, assertFilterSpec } from './filter-spec.ts';

const row = new Float32Array([0.1, 0, 0.3, 0.6]);

describe('eligibleMask', () => {
  it('dispatches every kind, with per-row parameters', () => {
    expect(Array.from(eligibleMask(row, { kind: 'none' }))).toEqual([1, 0, 1, 1]);
    expect(Array.from(eligibleMask(row, { kind: 'top-k', k: [3, 1], policy: 'exact' }, 1))).toEqual([0, 0, 0, 1]);
    expect(Array.from(eligibleMask(row, { kind: 'top-p', p: 0.8, policy: 'exact' }))).toEqual([0, 0, 1, 1]);
    expect(Array.from(eligibleMask(row, { kind: 'min-p', minP: [0.4] }))).toEqual([0, 0, 1, 1]);
    const fused = { kind: 'top-k-top-p', k: 2, p: 0.5, order: 'joint', policy: 'exact' } as const;
    expect(Array.from(eligibleMask(row, fused))).toEqual([0, 0, 0, 1]);
  });
  it('rejects bad parameters naming them', () => {
    expect(() => eligibleMask(row, { kind: 'top-k', k: [3, 0], policy: 'exact' }, 1)).toThrow(/spec.k\[1\]/);
    expect(() => eligibleMask(row, { kind: 'top-p', p: [0.5], policy: 'exact' }, 2)).toThrow(/rowIndex/);
    expect(() => assertFilterSpec({ kind: 'min-p', minP: [0.1] }, 2)).toThrow(/spec.minP.length must equal batch = 2/);
    expect(() => assertFilterSpec({ kind: 'temperature' } as never, 1)).toThrow(/spec.kind must be one of/);
  });
});
