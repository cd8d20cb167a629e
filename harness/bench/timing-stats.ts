/** Order statistics of per-launch GPU-event times: the bench reports the median and the p10–p90 spread. */
export interface TimingStats {
  readonly n: number;
  readonly medianMs: number;
  readonly p10Ms: number;
  readonly p90Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/** Linear interpolation between closest ranks (the "R-7" rule), q in [0, 1], on sorted data. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantileSorted: sorted must be non-empty');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantileSorted: q must be in [0, 1], got ${q}`);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

export function summarizeTimings(ms: readonly number[]): TimingStats {
  if (ms.length === 0) throw new RangeError('summarizeTimings: ms must hold at least one timing');
  ms.forEach((t, i) => {
    if (!Number.isFinite(t) || t < 0) throw new RangeError(`summarizeTimings: ms[${i}] must be a finite time ≥ 0, got ${t}`);
  });
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
