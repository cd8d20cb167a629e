import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectDescending } from './descending-select.ts';
import { quantizeWeight } from './fixed-point.ts';
import { descendingOrder, probRow } from '../../test/reference/sort-oracle.ts';

describe('selectDescending', () => {
  it('finds the same boundary as a full sort (counts and masses, fp32 and float64 rows)', () => {
    fc.assert(
      fc.property(probRow(60), fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), (row, frac, asF64) => {
        const values = asF64 ? new Float64Array(row) : row;
        const order = descendingOrder(values);
        for (const mode of ['count', 'mass'] as const) {
          const weightOf = (i: number): number => (mode === 'count' ? 1 : quantizeWeight(values[i] as number));
          const total = order.reduce((s, i) => s + weightOf(i), 0);
          const target = Math.max(mode === 'count' ? 1 : 1e-9, frac * total);
          const b = selectDescending(values, mode, target, null);
          let cumulative = 0;
          let position = 0;
          for (; position < order.length; position++) {
            cumulative += weightOf(order[position] as number);
            if (cumulative >= target) break;
          }
          if (position === order.length) {
            expect(b).toBeNull();
            continue;
          }
          const last = order[position] as number;
          expect(b?.lastIndex).toBe(last);
          expect(b?.value).toBe(values[last]);
          expect(b?.weightExact).toBe(cumulative);
        }
      }),
      { seed: 5, numRuns: 300 },
    );
  });
  it('treats −0 as the smallest value, not the largest', () => {
    const b = selectDescending(new Float32Array([-0, 0.25, 0.5]), 'count', 1, null);
    expect(b?.lastIndex).toBe(2);
  });
});
