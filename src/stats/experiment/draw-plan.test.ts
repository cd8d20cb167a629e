import { describe, expect, it } from 'vitest';
import { launchOffset, planDraws } from './draw-plan.ts';

describe('planDraws', () => {
  it('uses one launch when everything fits', () => {
    const p = planDraws({ vocab: 111, draws: 1_000_000, maxUploadBytes: 1 << 30 });
    expect(p).toMatchObject({ rowsPerLaunch: 1_000_000, launches: 1, totalDraws: 1_000_000, offsetStep: 1n });
    expect(p.bytesPerLaunch).toBe(111 * 4 * 1_000_000);
  });
  it('splits a large vocabulary into the fewest launches within the byte limit, overshooting by < launches', () => {
    const maxUploadBytes = 256 * 2 ** 20;
    const p = planDraws({ vocab: 151_936, draws: 1_000_000, maxUploadBytes });
    const fit = Math.floor(maxUploadBytes / (151_936 * 4));
    expect(p.launches).toBe(Math.ceil(1_000_000 / fit));
    expect(p.bytesPerLaunch).toBeLessThanOrEqual(maxUploadBytes);
    expect(p.totalDraws).toBeGreaterThanOrEqual(1_000_000);
    expect(p.totalDraws - 1_000_000).toBeLessThan(p.launches);
    expect(planDraws({ vocab: 151_936, draws: 1_000_000, maxUploadBytes: p.bytesPerLaunch }).launches).toBe(p.launches);
  });
  it('gives launch l the offset baseOffset + l', () => {
    const p = planDraws({ vocab: 10, draws: 95, maxUploadBytes: 400, baseOffset: 8n });
    expect(p).toMatchObject({ rowsPerLaunch: 10, launches: 10, totalDraws: 100 });
    expect([0, 1, 9].map((l) => launchOffset(p, l))).toEqual([8n, 9n, 17n]);
    expect(() => launchOffset(p, 10)).toThrow(/launch must be an integer in \[0, 9\]/);
  });
  it('every draw reads a distinct (subsequence, offset) pair', () => {
    const p = planDraws({ vocab: 3, draws: 50, maxUploadBytes: 12 * 7 });
    const seen = new Set<string>();
    for (let l = 0; l < p.launches; l++) for (let r = 0; r < p.rowsPerLaunch; r++) seen.add(`${r}/${launchOffset(p, l)}`);
    expect(seen.size).toBe(p.totalDraws);
  });
  it('rejects bad arguments with the allowed range', () => {
    expect(() => planDraws({ vocab: 0, draws: 1, maxUploadBytes: 4 })).toThrow(/vocab must be an integer in \[1, /);
    expect(() => planDraws({ vocab: 4, draws: 0, maxUploadBytes: 16 })).toThrow(/draws must be an integer/);
    expect(() => planDraws({ vocab: 4, draws: 1, maxUploadBytes: 15 })).toThrow(/maxUploadBytes must be .*16 bytes/);
    expect(() => planDraws({ vocab: 4, draws: 1, maxUploadBytes: Number.NaN })).toThrow(RangeError);
    expect(() => planDraws({ vocab: 1, draws: 2, maxUploadBytes: 4, baseOffset: (1n << 64n) - 1n })).toThrow(/room for 2 launches/);
    expect(() => planDraws({ vocab: 1, draws: 2, maxUploadBytes: 4, baseOffset: -1n })).toThrow(/baseOffset/);
  });
});
