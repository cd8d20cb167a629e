import { describe, expect, it } from 'vitest';
import { sampleMultinomial } from './multinomial.ts';

/** A deterministic source that walks a fixed list of uniforms. */
const fixed = (values: number[]): (() => number) => {
  let i = 0;
  return () => values[i++ % values.length] as number;
};

describe('sampleMultinomial', () => {
  it('maps each uniform to the cell whose cumulative interval contains it', () => {
    // cumulative 0.25, 0.75, 1: u = 0 → 0, 0.25 → 1, 0.74 → 1, 0.75 → 2, 0.999 → 2
    expect(sampleMultinomial([1, 2, 1], 5, fixed([0, 0.25, 0.74, 0.75, 0.999]))).toEqual([1, 2, 2]);
  });
  it('never lands on zero-probability cells, even at the top of the range', () => {
    expect(sampleMultinomial([0, 1, 0, 1, 0], 4, fixed([0, 0.3, 0.5, 1 - 2 ** -53]))).toEqual([0, 2, 0, 2, 0]);
  });
  it('counts sum to n', () => {
    expect(sampleMultinomial([0.2, 0.3, 0.5], 1000, Math.random).reduce((s, c) => s + c, 0)).toBe(1000);
  });
  it('rejects bad n and probabilities', () => {
    expect(() => sampleMultinomial([1], -1, Math.random)).toThrow(/n must be an integer >= 0/);
    expect(() => sampleMultinomial([0, 0], 1, Math.random)).toThrow(/probs must have a finite total > 0/);
  });
});
