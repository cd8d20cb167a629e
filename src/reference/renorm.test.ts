import { describe, expect, it } from 'vitest';
import { maskLogits, renormalize } from './renorm.ts';

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
