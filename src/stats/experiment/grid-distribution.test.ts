import { describe, expect, it } from 'vitest';
import { eligibleMask, filteredDistribution } from '../../reference/index.ts';
import { uniformFromUint32 } from '../../rng/index.ts';
import { drawToken, eligiblePrefix } from './cpu-sampler.ts';
import { uniformGridDistribution } from './grid-distribution.ts';

const row = Float32Array.from({ length: 300 }, (_, i) => ((i * 7919) % 300) / 300 / 150);
row[10] = 0;
row[20] = 2 ** -30; // q = 4: a few words at most

describe('uniformGridDistribution', () => {
  it.each([
    ['no filter', null],
    ['top-p 0.5', eligibleMask(row, { kind: 'top-p', p: 0.5, policy: 'exact' })],
  ])('puts each token boundary exactly where the step switches tokens: %s', (_, mask) => {
    const p = eligiblePrefix(row, mask);
    if (p === null) throw new Error('row must be valid');
    const dist = uniformGridDistribution(row, mask);
    let words = 0;
    for (let j = 0; j < p.tokens.length - 1; j++) {
      words += (dist[p.tokens[j] as number] as number) * 2 ** 32;
      expect(Number.isInteger(words)).toBe(true);
      // The last word of token j's range still gives token j (or earlier); the next word gives a later token.
      if (words > 0) expect(drawToken(p, uniformFromUint32(words - 1))).toBeLessThanOrEqual(p.tokens[j] as number);
      expect(drawToken(p, uniformFromUint32(words))).toBeGreaterThan(p.tokens[j] as number);
    }
    expect(dist.reduce((s, v) => s + v, 0)).toBe(1);
  });

  it('differs from the continuous-uniform expectation by at most about 2^-24 per token, never on zero-mass tokens', () => {
    const mask = eligibleMask(row, { kind: 'top-k', k: 100, policy: 'ties-kept' });
    const grid = uniformGridDistribution(row, mask);
    const cont = filteredDistribution(row, { kind: 'top-k', k: 100, policy: 'ties-kept' });
    let maxDiff = 0;
    grid.forEach((g, i) => {
      maxDiff = Math.max(maxDiff, Math.abs(g - (cont[i] as number)));
      if (cont[i] === 0) expect(g).toBe(0);
    });
    expect(maxDiff).toBeGreaterThan(0); // the grid is a real correction, not a copy
    expect(maxDiff).toBeLessThanOrEqual(2 * 2 ** -24);
  });

  it('gives all zeros for an invalid row and rejects bad arguments', () => {
    expect(uniformGridDistribution(new Float32Array([0, 0]), null).every((v) => v === 0)).toBe(true);
    expect(() => uniformGridDistribution([0.5, 0.5] as unknown as Float32Array, null)).toThrow(TypeError);
    expect(() => uniformGridDistribution(row, new Uint8Array(2))).toThrow(/length 300/);
  });
});
