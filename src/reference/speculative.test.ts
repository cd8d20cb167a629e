import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXED_POINT_ONE } from './fixed-point.ts';
import { sampleInverseCdf } from './sample.ts';
import { assertSpeculativeInputs, NORMALIZATION_TOLERANCE, type SpeculativeInputs } from './speculative-inputs.ts';
import { acceptDraft, chainSpeculativeSample, drawFromMasses, massesOf, positionLaw, residualMasses, SPECULATIVE_PADDING } from './speculative.ts';
import { probRow } from '../../test/reference/sort-oracle.ts';

const f32 = (xs: number[]): Float32Array => Float32Array.from(xs);

/** One batch row: drafts D_j, draft tokens, targets T_j (j ≤ n). */
function inputs(draftRows: number[][], tokens: number[], targetRows: number[][]): SpeculativeInputs {
  return {
    batch: 1,
    draft: draftRows.length,
    vocab: (targetRows[0] as number[]).length,
    draftProbs: f32(draftRows.flat()),
    draftTokens: Int32Array.from(tokens),
    targetProbs: f32(targetRows.flat()),
  };
}

describe('drawFromMasses: the fixed-point sampling step on integer masses', () => {
  it('is sampleInverseCdf on the masses floor(w·2^32) of a row', () => {
    fc.assert(
      fc.property(probRow(), fc.double({ min: 2 ** -32, max: 1, noNaN: true }), (row, u) => {
        const want = sampleInverseCdf(row, null, Math.fround(u));
        if (!want.valid) return;
        expect(drawFromMasses(massesOf(row), Math.fround(u))).toBe(want.token);
      }),
      { seed: 31 },
    );
  });
  it('rejects an empty mass and a uniform outside (0, 1]', () => {
    expect(() => drawFromMasses([0, 0], 0.5)).toThrow(/positive total, got 0/);
    expect(() => drawFromMasses([1, 2], 0)).toThrow(/u must be in \(0, 1\], got 0/);
  });
});

describe('acceptDraft: p_t > 0 and u·p_d ≤ p_t, evaluated exactly', () => {
  it('accepts with probability min(1, p_t/p_d) on a grid of uniforms', () => {
    const n = 10_000;
    for (const [pd, pt] of [[0.5, 0.25], [0.25, 0.5], [0.3, 0.3], [0.9, 0.01]] as const) {
      let hits = 0;
      for (let i = 1; i <= n; i++) if (acceptDraft(Math.fround(i / n), Math.fround(pd), Math.fround(pt))) hits++;
      expect(Math.abs(hits / n - Math.min(1, Math.fround(pt) / Math.fround(pd))), `${pd} ${pt}`).toBeLessThanOrEqual(1 / n);
    }
  });
  it('keeps an equal-probability token even at u = 1, never a token the target gives 0', () => {
    expect(acceptDraft(1, 0.25, 0.25)).toBe(true);
    expect(acceptDraft(2 ** -32, 0.25, 0)).toBe(false);
    expect(acceptDraft(0.5, 0, 0)).toBe(false);
    expect(acceptDraft(0.5, 0, 0.1)).toBe(true);
  });
  it('decides on the exact product: fp32 × fp32 is exact in float64', () => {
    const u = Math.fround(1 - 2 ** -24);
    const pd = Math.fround(1 - 2 ** -23);
    const exact = u * pd; // 48 significant bits: exact
    expect(acceptDraft(u, pd, exact)).toBe(true);
    expect(acceptDraft(u, pd, exact - 2 ** -48)).toBe(false);
  });
});

describe('chainSpeculativeSample', () => {
  const D0 = [0.5, 0.25, 0.25, 0];
  const D1 = [0.25, 0.25, 0.25, 0.25];
  const T0 = [0.25, 0.25, 0.25, 0.25];
  const T1 = [0.25, 0.25, 0.25, 0.25];
  const T2 = [0, 0, 0.5, 0.5];

  it('emits the accepted prefix, then the residual token after the first rejection, then padding', () => {
    // position 0: x = 0, p_d = 0.5, p_t = 0.25: accepted iff u ≤ 0.5; position 1: x = 3, p_d = p_t: always accepted
    const x = inputs([D0, D1], [0, 3], [T0, T1, T2]);
    const reject = chainSpeculativeSample(x, [0.75, 0.1, 0.9]);
    // residual of T0 − D0 = [0, 0, 0, 0.25]: only token 3
    expect(reject[0]).toEqual({ tokens: Int32Array.of(3, SPECULATIVE_PADDING, SPECULATIVE_PADDING), accepted: 1, emitted: 0, valid: true });
    const all = chainSpeculativeSample(x, [0.5, 0.1, 0.3]);
    // every draft accepted: bonus from T2 = [0, 0, 0.5, 0.5] with u = 0.3 → token 2
    expect(all[0]).toEqual({ tokens: Int32Array.of(0, 3, 2), accepted: 2, emitted: 2, valid: true });
  });

  it('counts acceptances after the first rejection but does not emit them', () => {
    const x = inputs([D0, D1], [0, 3], [T0, T1, T2]);
    const r = chainSpeculativeSample(x, [0.75, 0.1, 0.9])[0];
    expect([r?.accepted, r?.emitted]).toEqual([1, 0]);
  });

  it('flags invalid rows: token 0, padding, no counts (NaN, an entry > 1, an out-of-range draft token, an unnormalized row)', () => {
    const invalid = { tokens: Int32Array.of(0, SPECULATIVE_PADDING, SPECULATIVE_PADDING), accepted: 0, emitted: 0, valid: false };
    const u = [0.5, 0.5, 0.5];
    expect(chainSpeculativeSample(inputs([D0, [NaN, 0.5, 0.25, 0.25]], [0, 3], [T0, T1, T2]), u)[0]).toEqual(invalid);
    expect(chainSpeculativeSample(inputs([D0, D1], [0, 4], [T0, T1, T2]), u)[0]).toEqual(invalid);
    expect(chainSpeculativeSample(inputs([D0, D1], [0, -1], [T0, T1, T2]), u)[0]).toEqual(invalid);
    expect(chainSpeculativeSample(inputs([D0, D1], [0, 1], [T0, T1, [0, 0, 0.5, 0.3]]), u)[0]).toEqual(invalid);
    expect(chainSpeculativeSample(inputs([D0, [0.7, 0, 0, 0]], [0, 0], [T0, T1, T2]), u)[0]).toEqual(invalid);
  });

  it('accepts rows within NORMALIZATION_TOLERANCE of 1 and rejects rows just outside', () => {
    const off = (d: number): number[] => [0.5, 0.5 - d];
    const ok = { batch: 1, draft: 1, vocab: 2, draftProbs: Float64Array.from(off(NORMALIZATION_TOLERANCE / FIXED_POINT_ONE)), draftTokens: Int32Array.of(0), targetProbs: Float64Array.from([0.5, 0.5, 0.5, 0.5]) };
    expect(chainSpeculativeSample(ok, [0.5, 0.5])[0]?.valid).toBe(true);
    const bad = { ...ok, draftProbs: Float64Array.from(off(2 * NORMALIZATION_TOLERANCE / FIXED_POINT_ONE)) };
    expect(chainSpeculativeSample(bad, [0.5, 0.5])[0]?.valid).toBe(false);
  });

  it('falls back to the target row when the residual is empty', () => {
    // p_t(x) = 0 rejects, and T0 ≤ D0 everywhere in fixed point: no residual mass
    expect([...residualMasses([0.5, 0.5, 0], [0.5, 0.5, 0])]).toEqual([2 ** 31, 2 ** 31, 0]);
    const x = inputs([[0.5, 0.5, 0]], [2], [[0.5, 0.5, 0], [1, 0, 0]]);
    expect(chainSpeculativeSample(x, [0.5, 0.75])[0]).toEqual({ tokens: Int32Array.of(1, SPECULATIVE_PADDING), accepted: 0, emitted: 0, valid: true });
  });

  it('names the buffer and the expected length of a mismatched shape', () => {
    const x = inputs([D0, D1], [0, 3], [T0, T1, T2]);
    expect(() => chainSpeculativeSample({ ...x, draftTokens: Int32Array.of(0) }, [0.5, 0.5, 0.5])).toThrow(/draftTokens must have batch·draft = 1·2 → 2 elements/);
    expect(() => chainSpeculativeSample({ ...x, targetProbs: f32([...T0, ...T1]) }, [0.5, 0.5, 0.5])).toThrow(/targetProbs must have batch·\(draft\+1\)·vocab = 1·2·4 → 12 elements/);
    expect(() => chainSpeculativeSample(x, [0.5, 0.5])).toThrow(/uniforms must have batch·\(draft\+1\) = 3 entries, got 2/);
  });

  it('host check: lists the invalid rows by buffer, row and position', () => {
    const x = inputs([D0, [NaN, 0.5, 0.25, 0.25]], [0, 3], [T0, T1, T2]);
    expect(() => assertSpeculativeInputs(x)).toThrow(/invalid speculative inputs: draftProbs\[0\]\[1\]: entry 0 is NaN, outside \[0, 1\]/);
    expect(() => assertSpeculativeInputs(inputs([D0, D1], [0, 3], [T0, [0.5, 0.1, 0, 0], T2]))).toThrow(/targetProbs\[0\]\[1\]: sums to 0\.6\d*, not 1/);
    expect(() => assertSpeculativeInputs(inputs([D0, D1], [0, 3], [T0, T1, T2]))).not.toThrow();
  });
});

describe('the output is distributed as the target (exact enumeration over a grid of uniforms)', () => {
  /** Emission law of position 0 (draft = 1): draft tokens by their fixed-point probability, uniforms on grids. */
  function enumerate(draft: number[], target: number[], bonus: number[], grid: number): Float64Array {
    const x = (t: number): SpeculativeInputs => inputs([draft], [t], [target, bonus]);
    const out = new Float64Array(draft.length);
    const qd = massesOf(draft);
    const total = qd.reduce((a, b) => a + b, 0);
    for (let t = 0; t < draft.length; t++) {
      if (qd[t] === 0) continue;
      for (let i = 1; i <= grid; i++) {
        for (let k = 1; k <= grid; k++) {
          const r = chainSpeculativeSample(x(t), [Math.fround((i - 0.5) / grid), Math.fround((k - 0.5) / grid)])[0];
          out[r?.tokens[0] as number] = (out[r?.tokens[0] as number] as number) + (qd[t] as number) / total / grid ** 2;
        }
      }
    }
    return out;
  }
  it('drafts far from the target, close to it and equal to it', () => {
    const target = [0.5, 0.25, 0.125, 0.125];
    for (const draft of [[0.125, 0.125, 0.25, 0.5], [0.375, 0.25, 0.25, 0.125], target]) {
      const got = enumerate(draft, target, [0.25, 0.25, 0.25, 0.25], 48);
      got.forEach((p, i) => expect(Math.abs(p - (target[i] as number)), `draft ${draft} token ${i}`).toBeLessThanOrEqual(2 / 48));
      const law = positionLaw(draft, target);
      law.emission.forEach((p, i) => expect(p, `law ${i}`).toBeCloseTo(target[i] as number, 12));
      expect(law.acceptance).toBeCloseTo(draft.reduce((a, d, i) => a + Math.min(d, target[i] as number), 0), 12);
    }
  });
});

describe('the kernel holds the same normalization tolerance', () => {
  it('kernels/speculative.hip: kNormalizationTolerance = 2^22', () => {
    const src = readFileSync(path.resolve(import.meta.dirname, '../../kernels/speculative.hip'), 'utf8');
    const m = /kNormalizationTolerance\s*=\s*\(?1ull\s*<<\s*(\d+)\)?/.exec(src);
    expect(m, 'kNormalizationTolerance not found').not.toBeNull();
    expect(2 ** Number(m?.[1])).toBe(NORMALIZATION_TOLERANCE);
  });
});
