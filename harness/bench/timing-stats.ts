import { quantileSorted } from 'simple-statistics';

/** Order statistics of per-launch GPU-event times: the bench reports the median and the p10–p90 spread. */
export interface TimingStats {
  readonly n: number;
  readonly medianMs: number;
  readonly p10Ms: number;
  readonly p90Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export function summarizeTimings(ms: readonly number[]): TimingStats {
  if (ms.length === 0) throw new RangeError('summarizeTimings: ms must hold at least one timing');
  ms.forEach((t, i) => {
    if (!Number.isFinite(t) || t < 0) throw new RangeError(`summarizeTimings: ms[${i}] must be a finite time ≥ 0, got ${t}`);
  });
  // simple-statistics' nearest-rank quantiles: every reported time is one that was measured
  const s = [...ms].sort((a, b) => a - b);
  return {
    n: s.length,
    medianMs: quantileSorted(s, 0.5),
    p10Ms: quantileSorted(s, 0.1),
    p90Ms: quantileSorted(s, 0.9),
    minMs: s[0] as number,
    maxMs: s[s.length - 1] as number,
  };
}
