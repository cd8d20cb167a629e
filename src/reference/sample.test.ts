import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantizeWeight } from './fixed-point.ts';
import { sampleInverseCdf } from './sample.ts';
import { probRow } from '../../test/reference/sort-oracle.ts';

describe('sampleInverseCdf', () => {
  it('hits each token with its frequency on a grid of 1e5 uniforms (±1)', () => {
    fc.assert(
      fc.property(probRow(12), (row) => {
        const n = 100_000;
        const hits = new Array<number>(row.length).fill(0);
        for (let j = 1; j <= n; j++) {
          const s = sampleInverseCdf(row, null, j / n);
          hits[s.token] = (hits[s.token] as number) + 1;
        }
        const q = Array.from(row, quantizeWeight);
        const total = q.reduce((a, b) => a + b, 0);
        q.forEach((qi, i) => expect(Math.abs((hits[i] as number) - (qi / total) * n)).toBeLessThanOrEqual(1));
      }),
      { seed: 15, numRuns: 20 },
    );
  });
  it('never returns a zero-weight or ineligible token', () => {
    fc.assert(
      fc.property(probRow(), fc.double({ min: 1e-9, max: 1, noNaN: true }), fc.integer(), (row, u, seed) => {
        const eligible = Uint8Array.from(row, (_, i) => ((i * 7 + seed) % 3 === 0 ? 0 : 1));
        const s = sampleInverseCdf(row, eligible, u);
        if (!s.valid) return;
        expect(quantizeWeight(row[s.token] as number)).toBeGreaterThan(0);
        expect(eligible[s.token]).toBe(1);
      }),
      { seed: 16 },
    );
  });
  it('applies target = u·M with C_i ≥ target and reports the margin', () => {
    const row = [0.25, 0, 0.25, 0.5];
    expect(sampleInverseCdf(row, null, 0.25)).toEqual({ token: 0, valid: true, margin: 0 });
    expect(sampleInverseCdf(row, null, 0.3).token).toBe(2);
    expect(sampleInverseCdf(row, null, 0.3).margin).toBeCloseTo(0.05, 12);
    expect(sampleInverseCdf(row, null, 1).token).toBe(3);
    expect(sampleInverseCdf(row, new Uint8Array([0, 1, 1, 0]), 0.01).token).toBe(2);
  });
  it('marks invalid rows and empty eligible mass invalid with token 0', () => {
    const invalid = { token: 0, valid: false, margin: Infinity };
    expect(sampleInverseCdf([0.5, Number.NaN], null, 0.5)).toEqual(invalid);
    expect(sampleInverseCdf([0, 0], null, 0.5)).toEqual(invalid);
    expect(sampleInverseCdf([0.5, 0.5], new Uint8Array(2), 0.5)).toEqual(invalid);
  });
  it('rejects u outside (0, 1] and a mask of the wrong length', () => {
    expect(() => sampleInverseCdf([1], null, 0)).toThrow(/u must be in \(0, 1\]/);
    expect(() => sampleInverseCdf([1], new Uint8Array(2), 0.5)).toThrow(/eligible.length/);
  });
});
