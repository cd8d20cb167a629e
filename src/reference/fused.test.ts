import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topKTopPMask } from './fused.ts';
import { oracleTopK, oracleTopP, oracleTopPAmong, probRow } from '../../test/reference/sort-oracle.ts';

const pArb = fc.double({ min: 1e-6, max: 1, noNaN: true });

describe('topKTopPMask', () => {
  it('matches the oracles: joint = topk ∧ topp(full row); topk-first = topp inside the top-k set', () => {
    fc.assert(
      fc.property(probRow(), fc.integer({ min: 1, max: 45 }), pArb, (row, k, p) => {
        for (const policy of ['exact', 'ties-kept'] as const) {
          const topK = oracleTopK(row, k, policy);
          const fullP = oracleTopP(row, p, policy);
          expect(topKTopPMask(row, k, p, 'joint', policy)).toEqual(topK.map((x, i) => x & (fullP[i] as number)));
          const inside = [...topK.keys()].filter((i) => topK[i] === 1);
          const expected = Math.fround(p) === 1 ? topK : oracleTopPAmong(row, p, policy, inside);
          expect(topKTopPMask(row, k, p, 'topk-first', policy)).toEqual(expected);
        }
      }),
      { seed: 13, numRuns: 300 },
    );
  });
  it('joint ⊇ topk-first, and they coincide when p = 1 or k ≥ vocab', () => {
    fc.assert(
      fc.property(probRow(), fc.integer({ min: 1, max: 45 }), pArb, (row, k, p) => {
        for (const policy of ['exact', 'ties-kept'] as const) {
          const joint = topKTopPMask(row, k, p, 'joint', policy);
          const first = topKTopPMask(row, k, p, 'topk-first', policy);
          first.forEach((x, i) => expect(x <= (joint[i] as number)).toBe(true));
          expect(topKTopPMask(row, k, 1, 'joint', policy)).toEqual(topKTopPMask(row, k, 1, 'topk-first', policy));
          const big = row.length;
          expect(topKTopPMask(row, big, p, 'joint', policy)).toEqual(topKTopPMask(row, big, p, 'topk-first', policy));
        }
      }),
      { seed: 14 },
    );
  });
  it('differs where renormalizing inside top-k shrinks the nucleus', () => {
    // top-2 = {0.4, 0.3}; full-row nucleus for 0.6 = {0.4, 0.3}; inside top-2, 0.6·0.7 = 0.42 needs both too, but
    // for p = 0.5: full-row nucleus {0.4, 0.3} (0.4 < 0.5), inside top-2 0.5·0.7 = 0.35 ≤ 0.4 → {0.4} only.
    const row = new Float32Array([0.1, 0.2, 0.3, 0.4]);
    expect(Array.from(topKTopPMask(row, 2, 0.5, 'joint', 'exact'))).toEqual([0, 0, 1, 1]);
    expect(Array.from(topKTopPMask(row, 2, 0.5, 'topk-first', 'exact'))).toEqual([0, 0, 0, 1]);
  });
  it('rejects a bad order', () => {
    expect(() => topKTopPMask([0.5], 1, 0.5, 'sideways' as 'joint', 'exact')).toThrow(/order must be one of/);
  });
});
