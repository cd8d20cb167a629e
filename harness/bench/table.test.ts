import { describe, expect, it } from 'vitest';
import { formatBenchTable, type BenchRow } from './table.ts';

const timing = { n: 20, medianMs: 0.0123, p10Ms: 0.011, p90Ms: 0.014, minMs: 0.01, maxMs: 0.02 };
const metrics = { gbPerS: 812.4, pctOfCopy: 31.26, xOneRead: 2.5 };

describe('formatBenchTable', () => {
  it('renders timings in µs, the metrics, the target and its status', () => {
    const rows: BenchRow[] = [
      { kernel: 'top_p_sampling_exact', batch: 64, vocab: 151936, timing, metrics, verdict: { target: '≤ 40 µs', met: true, gap: null, ratio: 0.31 } },
      { kernel: 'softmax', batch: 64, vocab: 151936, timing: { ...timing, medianMs: 0.25 }, metrics, verdict: { target: '≥ 70 % of copy (18.5 µs)', met: false, gap: '250 µs is 13.51× the 18.5 µs allowed', ratio: 13.51 } },
      { kernel: 'a|b', batch: 1, vocab: 32000, timing: null, metrics: null, verdict: { target: null, met: null, gap: null, ratio: null }, error: 'watchdog' },
    ];
    const lines = formatBenchTable(rows).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^\| kernel \| batch \| vocab \| median µs .*\| × target \| target \| status \|$/);
    expect(lines[2]).toBe('| top_p_sampling_exact | 64 | 151936 | 12.3 | 11.0 | 14.0 | 812 | 31.3 | 2.50 | 0.31 | ≤ 40 µs | met |');
    expect(lines[3]).toContain('| 250 | 11.0 | 14.0 |');
    expect(lines[3]).toContain('| 13.51 | ≥ 70 % of copy (18.5 µs) | **gap**: 250 µs is 13.51× the 18.5 µs allowed |');
    expect(lines[4]).toBe('| a\\|b | 1 | 32000 | — | — | — | — | — | — | — |  | **failed**: watchdog |');
  });
});
