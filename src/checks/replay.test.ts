import { describe, expect, it } from 'vitest';
import { exactReplay, uniformBandReplay } from './replay.ts';

describe('exactReplay', () => {
  const want = [
    { token: 2, valid: true, margin: 0.3 },
    { token: 1, valid: true, margin: 1e-7 },
    { token: 0, valid: false, margin: Infinity },
  ];
  it('counts exact rows, accepts near-boundary rows within the margin, reports the rest', () => {
    const r = exactReplay(want, { token: new Int32Array([2, 0, 0]), valid: new Int32Array([1, 1, 0]) }, { margin: 1e-5 });
    expect(r).toMatchObject({ exact: 2, nearBoundary: 1, result: { ok: true, detail: { checked: 3 } } });
    const strict = exactReplay(want, { token: new Int32Array([2, 0, 0]), valid: new Int32Array([1, 1, 0]) });
    expect(strict.result.detail.findings.map((f) => f.row)).toEqual([1]);
  });
  it('without a valid output compares tokens of the rows it is told to', () => {
    const r = exactReplay(want, { token: new Float64Array([2, 1, 7]), valid: null }, { rows: (row) => row < 2 });
    expect(r).toMatchObject({ exact: 2, result: { ok: true, detail: { checked: 2 } } });
    expect(exactReplay(want, { token: new Float64Array([2, 1, 7]), valid: null }).result.ok).toBe(false);
  });
});

describe('uniformBandReplay', () => {
  // one row of four tokens with masses 1/8, 3/8, 0, 1/2: u in (0, 1/8] → 0, (1/8, 1/2] → 1, (1/2, 1] → 3
  const weights = { data: Float32Array.of(0.125, 0.375, 0, 0.5, 0.125, 0.375, 0, 0.5), batch: 2, vocab: 4 };
  const all = (): Uint8Array[] => [Uint8Array.of(1, 1, 1, 1)];
  it('accepts the reference token, and a neighbour whose interval lies within the tolerance of u', () => {
    const r = uniformBandReplay({ weights, uniforms: [0.3, 0.5000001], masks: all, tolerance: 1e-6 }, Uint32Array.of(1, 1));
    expect(r).toMatchObject({ exact: 1, nearBoundary: 1, result: { ok: true, detail: { checked: 2 } } });
    // u lies 1e-7 above token 1's interval (1/8, 1/2]: inside the band by about 9e-7
    expect(r.disagreements).toEqual([expect.objectContaining({ row: 1, token: 1, refToken: 3, distance: expect.closeTo(1e-7, 9), slack: expect.closeTo(9e-7, 9) })]);
  });
  it('reports how far outside the band a token lies; a zero-mass or filtered token is infinitely far', () => {
    const r = uniformBandReplay({ weights, uniforms: [0.3, 0.3], masks: all, tolerance: 1e-4 }, Float64Array.of(3, 2));
    expect(r.result.detail.findings).toEqual([
      expect.objectContaining({ row: 0, index: 3, values: expect.objectContaining({ refToken: 1, distance: expect.closeTo(0.2, 6), outsideBy: expect.closeTo(0.2 - 1e-4, 6) }) }),
      expect.objectContaining({ row: 1, index: 2, values: expect.objectContaining({ distance: Infinity }) }),
    ]);
    const masked = uniformBandReplay({ weights, uniforms: [0.9, 0.9], masks: () => [Uint8Array.of(1, 1, 0, 0)], tolerance: 0.5 }, Int32Array.of(3, 1));
    expect(masked.result.detail.findings.map((f) => f.row)).toEqual([0]);
  });
  it('leaves out invalid rows and rows whose accepted eligible sets differ (tie policy any)', () => {
    const bad = { data: Float32Array.of(0.5, Number.NaN, 0.5, 0.5), batch: 2, vocab: 2 };
    const r = uniformBandReplay({ weights: bad, uniforms: [0.5, 0.5], masks: (row) => (row === 1 ? [Uint8Array.of(1, 0), Uint8Array.of(1, 1)] : [Uint8Array.of(1, 1)]), tolerance: 0 }, Int32Array.of(1, 1));
    expect(r).toMatchObject({ ambiguous: 1, result: { ok: true, detail: { checked: 0 } } });
    expect(() => uniformBandReplay({ weights, uniforms: [0.5], masks: all, tolerance: 0 }, Int32Array.of(1, 1))).toThrow(/batch = 2/);
    expect(() => uniformBandReplay({ weights, uniforms: [0.5, 0.5], masks: all, tolerance: 1 }, Int32Array.of(1, 1))).toThrow(/tolerance must be in \[0, 1\)/);
  });
});
