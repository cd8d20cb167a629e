import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from './pool.ts';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mapWithConcurrency', () => {
  it('returns results in input order whatever order the jobs finish in', async () => {
    const out = await mapWithConcurrency([30, 5, 20, 1], 3, async (ms, i) => {
      await tick(ms);
      return i * 10;
    });
    expect(out).toEqual([0, 10, 20, 30]);
  });

  it('never runs more than `jobs` at once, and runs that many when there is work', async () => {
    let running = 0;
    let peak = 0;
    await mapWithConcurrency(Array.from({ length: 9 }, (_, i) => i), 3, async () => {
      peak = Math.max(peak, ++running);
      await tick(5);
      running--;
    });
    expect(peak).toBe(3);
  });

  it('handles no items, and rejects a jobs count outside [1, 64] naming the argument', async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
    await expect(mapWithConcurrency([1], 0, async () => 1)).rejects.toThrow(/jobs must be an integer in \[1, 64\], got 0/);
    await expect(mapWithConcurrency([1], 1.5, async () => 1)).rejects.toThrow(/jobs/);
  });
});
