import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { softmax } from './softmax.ts';
import { applyTemperature } from './temperature.ts';

// Multiples of 2^-8 in [-30, 30]: adding an integer shift stays exact in fp32.
const logitRow = fc.array(
  fc.integer({ min: -30 * 256, max: 30 * 256 }).map((v) => v / 256),
  { minLength: 1, maxLength: 64 },
);

describe('softmax', () => {
  it('sums to 1 and is shift-invariant', () => {
    fc.assert(
      fc.property(logitRow, fc.integer({ min: -8, max: 8 }), (xs, shift) => {
        const a = softmax({ data: new Float32Array(xs), batch: 1, vocab: xs.length });
        const b = softmax({ data: new Float32Array(xs.map((x) => x + shift)), batch: 1, vocab: xs.length });
        let sum = 0;
        for (const p of a.probs) sum += p;
        expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
        for (let i = 0; i < xs.length; i++) expect(b.probs[i]).toBe(a.probs[i] as number);
      }),
      { seed: 3 },
    );
  });
  it('temperature then softmax equals softmax with temperature', () => {
    fc.assert(
      fc.property(logitRow, fc.float({ min: Math.fround(0.1), max: 5, noNaN: true }), (xs, t) => {
        const b = { data: new Float32Array(xs), batch: 1, vocab: xs.length };
        expect(softmax(b, t).probs).toEqual(softmax(applyTemperature(b, t)).probs);
      }),
      { seed: 4 },
    );
  });
  it('gives −inf zero probability and marks invalid rows all zero', () => {
    const r = softmax({ data: new Float32Array([0, -Infinity, Number.NaN, 1, -Infinity, -Infinity]), batch: 3, vocab: 2 });
    expect(Array.from(r.valid)).toEqual([1, 0, 0]);
    expect(Array.from(r.probs)).toEqual([1, 0, 0, 0, 0, 0]);
  });
});
