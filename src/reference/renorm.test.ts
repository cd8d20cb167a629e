import { describe, expect, it } from 'vitest';
import { FIXED_POINT_ONE, quantizeWeight } from './fixed-point.ts';
import { maskLogits, renormalize, renormProbs } from './renorm.ts';

describe('renormalize / maskLogits', () => {
  it('renormalizes the masked weights and returns zeros when nothing is left', () => {
    expect(Array.from(renormalize([0.2, 0.3, 0.5], new Uint8Array([1, 0, 1])))).toEqual([0.2 / 0.7, 0, 0.5 / 0.7]);
    expect(Array.from(renormalize([0.2, 0.3], new Uint8Array(2)))).toEqual([0, 0]);
  });
  it('sets non-eligible logits to −inf', () => {
    expect(Array.from(maskLogits([1.5, 2, -3], new Uint8Array([0, 1, 1])))).toEqual([-Infinity, 2, -3]);
  });
  it('rejects a mask of the wrong length', () => {
    expect(() => renormalize([1, 2], new Uint8Array(1))).toThrow(/mask.length must equal the row length 2/);
  });
});

describe('renormProbs', () => {
  const row = Float32Array.of(0.1, 0.4, 0.2, 0.3);
  it('divides each eligible weight·2^32 by the exact fixed-point mass of the eligible set, rounded to fp32', () => {
    const m = quantizeWeight(Math.fround(0.4)) + quantizeWeight(Math.fround(0.3));
    const want = [0, Math.fround((Math.fround(0.4) * FIXED_POINT_ONE) / m), 0, Math.fround((Math.fround(0.3) * FIXED_POINT_ONE) / m)];
    expect(Array.from(renormProbs(row, { kind: 'top-k', k: 2, policy: 'exact' }))).toEqual(want);
    const sum = Array.from(renormProbs(row, { kind: 'top-p', p: Math.fround(0.5), policy: 'exact' })).reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - 1)).toBeLessThan(1e-6);
  });
  it('takes row rowIndex\'s value of a per-row parameter', () => {
    const spec = { kind: 'top-k', k: [1, 4], policy: 'exact' } as const;
    expect(renormProbs(row, spec, 0).filter((x) => x > 0)).toHaveLength(1);
    expect(renormProbs(row, spec, 1).filter((x) => x > 0)).toHaveLength(4);
  });
  it('writes zeros for an invalid row and for a row without mass', () => {
    expect(Array.from(renormProbs([0.5, Number.NaN], { kind: 'top-k', k: 1, policy: 'exact' }))).toEqual([0, 0]);
    expect(Array.from(renormProbs([0.5, 1.5], { kind: 'top-k', k: 1, policy: 'exact' }))).toEqual([0, 0]);
    expect(Array.from(renormProbs([0, 0, 0], { kind: 'top-p', p: 0.5, policy: 'exact' }))).toEqual([0, 0, 0]);
  });
});
