import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/load.ts';
import { benchesAt, elementBytes, formatElementTable, isElementVariant } from './element-compare.ts';
import type { BenchRow } from './table.ts';

const entries = loadManifest(resolve(import.meta.dirname, '../../kernels')).entries;
const entry = (name: string) => {
  const e = entries.find((x) => x.name === name);
  if (e === undefined) throw new Error(`no entry ${name}`);
  return e;
};
const none = { target: null, met: null, gap: null, ratio: null };
const timing = (ms: number) => ({ n: 30, medianMs: ms, p10Ms: ms, p90Ms: ms, minMs: ms, maxMs: ms });
/** A timed row moving `bytes` in `ms`. */
const row = (kernel: string, ms: number, bytes: number): BenchRow => ({ kernel, batch: 64, vocab: 151_936, timing: timing(ms), metrics: { gbPerS: bytes / (ms * 1e6), pctOfCopy: 0, xOneRead: 0 }, verdict: none });

describe('element-type bench rows', () => {
  it('times bases everywhere, f16/bf16 variants at 64 × 151936 only, index-type variants never', () => {
    expect(benchesAt(entry('top_p_sampling_ties_kept'), 1, 32000)).toBe(true);
    expect(benchesAt(entry('top_p_sampling_ties_kept_bf16'), 64, 151_936)).toBe(true);
    expect(benchesAt(entry('top_p_sampling_ties_kept_bf16'), 256, 151_936)).toBe(false);
    expect(benchesAt(entry('top_p_sampling_ties_kept_idx64'), 64, 151_936)).toBe(false);
    expect([isElementVariant(entry('softmax_f16')), isElementVariant(entry('softmax')), isElementVariant(entry('sampling_from_probs_idx64'))]).toEqual([true, false, false]);
    expect([elementBytes(entry('softmax')), elementBytes(entry('softmax_bf16'))]).toEqual([4, 2]);
  });

  it('puts each 16-bit row next to its fp32 base: times, their ratio, bytes moved and GB/s', () => {
    const input = 64 * 151_936;
    const rows = [row('softmax', 0.05, 8 * input), row('softmax_bf16', 0.03, 6 * input), row('top_p_sampling_ties_kept', 0.04, 4 * input)];
    const lines = formatElementTable(rows, entries).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('| kernel | input | batch × vocab | f32 µs | µs | × f32 time | f32 MB moved | MB moved | f32 GB/s | GB/s |');
    expect(lines[2]).toBe('| softmax | bf16 | 64 × 151936 | 50.0 | 30.0 | 0.60 | 77.8 | 58.3 | 1556 | 1945 |');
    expect(formatElementTable([rows[0] as BenchRow], entries)).toBe('');
  });

  it('shows a variant whose base was not timed with dashes, not as a comparison', () => {
    const lines = formatElementTable([row('softmax_f16', 0.03, 1e6)], entries).split('\n');
    expect(lines[2]).toBe('| softmax | f16 | 64 × 151936 | — | 30.0 | — | — | — | — | — |');
  });
});
