/** The bench's markdown table: one row per (kernel, batch, vocab), with the target and whether it was met. */
import type { TimingStats } from './timing-stats.ts';
import type { BenchMetrics, TargetVerdict } from './targets.ts';

export interface BenchRow {
  readonly kernel: string;
  readonly batch: number;
  readonly vocab: number;
  /** null when the launches failed (watchdog or error); `error` says why. */
  readonly timing: TimingStats | null;
  readonly metrics: BenchMetrics | null;
  readonly verdict: TargetVerdict;
  readonly error?: string;
}

const us = (ms: number): string => (ms * 1000).toFixed(ms < 0.1 ? 1 : 0);
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function status(v: TargetVerdict): string {
  if (v.met === null) return '';
  return v.met ? 'met' : `**gap**: ${v.gap ?? ''}`;
}

// × target: the median over the strictest bound that applies (≤ 1 is met).
export function formatBenchTable(rows: readonly BenchRow[]): string {
  const head = '| kernel | batch | vocab | median µs | p10 µs | p90 µs | GB/s | % copy | × one read | × target | target | status |';
  const rule = '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |';
  const body = rows.map((r) => {
    const lead = `| ${cell(r.kernel)} | ${r.batch} | ${r.vocab} |`;
    if (r.timing === null || r.metrics === null) return `${lead} — | — | — | — | — | — | — | ${cell(r.verdict.target ?? '')} | **failed**: ${cell(r.error ?? 'no timing')} |`;
    const t = r.timing;
    const m = r.metrics;
    const ratio = r.verdict.ratio === null ? '' : r.verdict.ratio.toFixed(2);
    return `${lead} ${us(t.medianMs)} | ${us(t.p10Ms)} | ${us(t.p90Ms)} | ${m.gbPerS.toFixed(0)} | ${m.pctOfCopy.toFixed(1)} | ${m.xOneRead.toFixed(2)} | ${ratio} | ${cell(r.verdict.target ?? '')} | ${cell(status(r.verdict))} |`;
  });
  return [head, rule, ...body].join('\n');
}
