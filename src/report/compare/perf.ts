/**
 * Bench rows of two runs side by side. A difference counts only when it is outside both runs' p10–p90 spread (the
 * ranges do not overlap): run-to-run noise is never flagged, and only a flagged slowdown can fail the gate.
 */
import type { BenchPoint } from '../bench-rows.ts';
import type { PerfFlag, PerfRow, Timing } from './model.ts';

const key = (p: { kernel: string; batch: number; vocab: number }): string => `${p.kernel}\u0000${p.batch}\u0000${p.vocab}`;

export function perfFlag(base: Timing, head: Timing): PerfFlag {
  if (head.p10Ms > base.p90Ms) return 'slower';
  if (head.p90Ms < base.p10Ms) return 'faster';
  return 'noise';
}

/**
 * `failOnSlowerPct`: a flagged slowdown whose median grew by more than this many percent fails the gate; not applied
 * when `comparable` is false (different devices).
 */
export function comparePerf(base: readonly BenchPoint[], head: readonly BenchPoint[], failOnSlowerPct: number | undefined, comparable: boolean): PerfRow[] {
  const b = new Map(base.map((p) => [key(p), p]));
  const h = new Map(head.map((p) => [key(p), p]));
  const keys = [...new Set([...b.keys(), ...h.keys()])];
  const rows = keys.map((k): PerfRow => {
    const bp = b.get(k);
    const hp = h.get(k);
    const id = (bp ?? hp) as BenchPoint;
    const at = { kernel: id.kernel, batch: id.batch, vocab: id.vocab };
    const sides = { ...(bp?.timing === undefined ? {} : { base: bp.timing }), ...(hp?.timing === undefined ? {} : { head: hp.timing }) };
    if (bp === undefined) return { ...at, ...sides, flag: 'new', failsGate: false };
    if (hp === undefined) return { ...at, ...sides, flag: 'removed', failsGate: false };
    if (bp.timing === undefined || hp.timing === undefined) return { ...at, ...sides, flag: 'failed', failsGate: false };
    const ratio = hp.timing.medianMs / bp.timing.medianMs;
    const flag = perfFlag(bp.timing, hp.timing);
    const failsGate = comparable && failOnSlowerPct !== undefined && flag === 'slower' && (ratio - 1) * 100 > failOnSlowerPct;
    return { ...at, ...sides, ratio, flag, failsGate };
  });
  const rank = (r: PerfRow): number => (r.failsGate ? 0 : r.flag === 'slower' ? 1 : r.flag === 'failed' ? 2 : r.flag === 'faster' ? 3 : 4);
  return rows.sort((x, y) => rank(x) - rank(y) || (y.ratio ?? 0) - (x.ratio ?? 0));
}

/** "10%", "10" or "12.5 %" → 10 / 12.5; anything else is an error naming the option and the range. */
export function parsePercent(option: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const value = m === null ? Number.NaN : Number(m[1]);
  if (!(value > 0 && value <= 1000)) throw new RangeError(`${option} must be a percentage in (0, 1000], e.g. 10%, got '${text}'`);
  return value;
}
