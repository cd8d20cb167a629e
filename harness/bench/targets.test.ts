import { describe, expect, it } from 'vitest';
import { benchMetrics, boundsFor, evaluateTarget, type BenchMeasure } from './targets.ts';

const COPY = 4000; // GB/s (read + write)
const input = 64 * 151_936 * 4; // 38.9 MB: one read at 4000 GB/s takes 9.72 µs
const base: BenchMeasure = { kernel: 'k', kind: 'sampling-filtered', family: 'top-p', batch: 64, vocab: 151_936, medianMs: 0.05, inputBytes: input, outputBytes: 512 };

describe('benchMetrics', () => {
  it('computes GB/s from bytes read + written, % of copy and × one read', () => {
    const m = benchMetrics(base, COPY);
    expect(m.gbPerS).toBeCloseTo((input + 512) / 0.05e6, 6);
    expect(m.pctOfCopy).toBeCloseTo((100 * m.gbPerS) / COPY, 9);
    expect(m.xOneRead).toBeCloseTo(0.05 / (input / 4e9), 9);
  });
  it('rejects a non-positive time or bandwidth', () => {
    expect(() => benchMetrics({ ...base, medianMs: 0 }, COPY)).toThrow(/k: medianMs must be a positive finite time/);
    expect(() => benchMetrics(base, Number.NaN)).toThrow(/copyGbPerS must be a positive finite GB\/s/);
  });
});

describe('evaluateTarget', () => {
  it('holds top-p at 64 × 151,936 to 40 µs and to FlashInfer, with the ratio to the strictest', () => {
    expect(boundsFor(base, COPY).map((b) => b.us)).toEqual([40, 78]);
    expect(evaluateTarget({ ...base, medianMs: 0.039 }, COPY)).toMatchObject({ met: true, gap: null, target: '≤ 40 µs; ≤ FlashInfer 78 µs' });
    const v = evaluateTarget({ ...base, medianMs: 0.05 }, COPY);
    expect(v).toMatchObject({ met: false, gap: '50.0 µs is 1.25× the 40.0 µs allowed' });
    expect(v.ratio).toBeCloseTo(1.25, 12);
  });
  it('holds batch-1 top-k to 20 µs, plain sampling to 10 µs, and top-p at the largest shape to 600 µs', () => {
    const b1 = { ...base, batch: 1, inputBytes: 151_936 * 4 };
    expect(evaluateTarget({ ...b1, family: 'top-k', medianMs: 0.019 }, COPY)).toMatchObject({ met: true, ratio: 0.95 });
    expect(evaluateTarget({ ...b1, family: 'plain', kind: 'sampling', medianMs: 0.012 }, COPY)).toMatchObject({ met: false, gap: '12.0 µs is 1.20× the 10.0 µs allowed' });
    const big = { ...base, batch: 1024, vocab: 256_000, inputBytes: 1024 * 256_000 * 4 };
    expect(evaluateTarget({ ...big, medianMs: 0.59 }, COPY)).toMatchObject({ met: true, target: '≤ 600 µs; ≤ FlashInfer 647.9 µs' });
    expect(evaluateTarget({ ...big, family: 'top-k', medianMs: 1.5 }, COPY)).toMatchObject({ met: true, target: '≤ FlashInfer 1546.5 µs' });
  });
  it('holds softmax and prefix sum to 70 % of copy at 64 and 256 × 151,936, and to torch at batch 1', () => {
    const streaming = { ...base, kind: 'softmax' as const, family: 'softmax' as const, outputBytes: input };
    const allowedMs = (2 * input) / (0.7 * COPY * 1e6);
    expect(evaluateTarget({ ...streaming, medianMs: 0.99 * allowedMs }, COPY)).toMatchObject({ met: true });
    const v = evaluateTarget({ ...streaming, family: 'prefix-sum', kind: 'prefix-sum', medianMs: 2 * allowedMs }, COPY);
    expect(v.met).toBe(false);
    expect(v.ratio).toBeCloseTo(2, 9);
    expect(v.target).toMatch(/^≥ 70 % of copy \(\d+\.\d µs\)$/);
    const b1 = { ...streaming, batch: 1, inputBytes: 151_936 * 4, outputBytes: 151_936 * 4 };
    expect(evaluateTarget({ ...b1, family: 'prefix-sum', kind: 'prefix-sum', medianMs: 0.0069 }, COPY)).toMatchObject({ met: true, target: '≤ torch 6.9 µs' });
  });
  it('has no target for kernels no target names, or for shapes without one', () => {
    expect(evaluateTarget({ ...base, family: null, kind: 'sampling' }, COPY)).toEqual({ target: null, met: null, gap: null, ratio: null });
    expect(evaluateTarget({ ...base, vocab: 32_000, inputBytes: 64 * 32_000 * 4 }, COPY)).toEqual({ target: null, met: null, gap: null, ratio: null });
  });
});
