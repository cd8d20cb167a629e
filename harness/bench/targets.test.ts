import { describe, expect, it } from 'vitest';
import { benchMetrics, evaluateTarget, type BenchMeasure } from './targets.ts';

const COPY = 2000; // GB/s (read + write)
const input = 64 * 151_936 * 4; // 38.9 MB: one read at 2000 GB/s takes 0.01944 ms
const base: BenchMeasure = { kernel: 'k', kind: 'sampling-filtered', batch: 64, vocab: 151_936, medianMs: 0.05, inputBytes: input, outputBytes: 512 };

describe('benchMetrics', () => {
  it('computes GB/s from bytes read + written, % of copy and × one read', () => {
    const m = benchMetrics(base, COPY);
    expect(m.gbPerS).toBeCloseTo((input + 512) / 0.05e6, 6);
    expect(m.pctOfCopy).toBeCloseTo((100 * m.gbPerS) / COPY, 9);
    expect(m.xOneRead).toBeCloseTo(0.05 / (input / 2e9), 9);
  });
  it('rejects a non-positive time or bandwidth', () => {
    expect(() => benchMetrics({ ...base, medianMs: 0 }, COPY)).toThrow(/k: medianMs must be a positive finite time/);
    expect(() => benchMetrics(base, Number.NaN)).toThrow(/copyGbPerS must be a positive finite GB\/s/);
  });
});

describe('evaluateTarget', () => {
  const oneReadMs = input / 2e9; // bytes / (2000 GB/s) in ms
  it('holds filtered sampling at 64 × 151,936 to 3× one read', () => {
    expect(evaluateTarget({ ...base, medianMs: 2.9 * oneReadMs }, COPY)).toMatchObject({ met: true, gap: null, target: '≤ 3× one read' });
    const v = evaluateTarget({ ...base, medianMs: 6 * oneReadMs }, COPY);
    expect(v.met).toBe(false);
    expect(v.gap).toMatch(/^6\.00× one read, 2\.00× over$/);
  });
  it('holds softmax and prefix sum at 64 × 151,936 to 70 % of copy bandwidth', () => {
    const streaming = { ...base, kind: 'softmax' as const, outputBytes: input };
    // 2·input bytes at 0.75·COPY → 75 %
    expect(evaluateTarget({ ...streaming, medianMs: (2 * input) / (0.75 * COPY * 1e6) }, COPY)).toMatchObject({ met: true });
    const v = evaluateTarget({ ...streaming, kind: 'prefix-sum', medianMs: (2 * input) / (0.5 * COPY * 1e6) }, COPY);
    expect(v).toMatchObject({ met: false, target: '≥ 70 % of copy' });
    expect(v.gap).toMatch(/^50\.0 % of copy, 20\.0 points short$/);
  });
  it('holds batch-1 sampling to 15 µs at any vocab, the largest shape to 50 ms, and nothing else', () => {
    const b1 = { ...base, batch: 1, vocab: 32_000, inputBytes: 128_000, outputBytes: 8 };
    expect(evaluateTarget({ ...b1, medianMs: 0.014 }, COPY)).toMatchObject({ met: true, target: '≤ 15 µs' });
    expect(evaluateTarget({ ...b1, kind: 'sampling', medianMs: 0.02 }, COPY)).toMatchObject({ met: false, gap: '20.0 µs, 5.0 µs over' });
    expect(evaluateTarget({ ...b1, kind: 'softmax', medianMs: 0.02 }, COPY)).toEqual({ target: null, met: null, gap: null });
    const big = { ...base, batch: 1024, vocab: 256_000, inputBytes: 1024 * 256_000 * 4 };
    expect(evaluateTarget({ ...big, medianMs: 49 }, COPY)).toMatchObject({ met: true });
    expect(evaluateTarget({ ...big, medianMs: 100 }, COPY)).toMatchObject({ met: false, gap: '100.00 ms is 2.00× the target' });
    expect(evaluateTarget({ ...base, batch: 256, medianMs: 99 }, COPY)).toEqual({ target: null, met: null, gap: null });
  });
});
