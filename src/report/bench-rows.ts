/**
 * bench.json rows as typed points (bench/kernels.ts: rows of { kernel, batch, vocab, timing: { medianMs, p10Ms,
 * p90Ms, … } | null, verdict: { target, met, gap }, error? }). Rows that do not have this shape are left out here;
 * the artifact table still shows them.
 */
import { isObject } from './artifact-rows.ts';
import type { JsonValue } from './schema.ts';

export interface BenchPoint {
  readonly kernel: string;
  readonly batch: number;
  readonly vocab: number;
  /** Absent when the launches failed (`error` says why). */
  readonly timing?: { readonly medianMs: number; readonly p10Ms: number; readonly p90Ms: number };
  readonly met?: boolean;
  readonly error?: string;
}

const num = (v: JsonValue | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export function benchPoints(data: JsonValue): BenchPoint[] {
  const rows = isObject(data) && Array.isArray(data.rows) ? data.rows : [];
  return rows.flatMap((r): BenchPoint[] => {
    if (!isObject(r) || typeof r.kernel !== 'string' || !num(r.batch) || !num(r.vocab)) return [];
    const t = isObject(r.timing) ? r.timing : undefined;
    const timing = t !== undefined && num(t.medianMs) && num(t.p10Ms) && num(t.p90Ms) ? { medianMs: t.medianMs, p10Ms: t.p10Ms, p90Ms: t.p90Ms } : undefined;
    const met = isObject(r.verdict) && typeof r.verdict.met === 'boolean' ? r.verdict.met : undefined;
    return [{
      kernel: r.kernel, batch: r.batch, vocab: r.vocab,
      ...(timing === undefined ? {} : { timing }),
      ...(met === undefined ? {} : { met }),
      ...(typeof r.error === 'string' ? { error: r.error } : {}),
    }];
  });
}

export const shapeKey = (p: { batch: number; vocab: number }): string => `${p.batch} × ${p.vocab}`;

/** Points grouped by kernel, in first-seen order. */
export function byKernel(points: readonly BenchPoint[]): Map<string, BenchPoint[]> {
  const out = new Map<string, BenchPoint[]>();
  for (const p of points) out.set(p.kernel, [...(out.get(p.kernel) ?? []), p]);
  return out;
}
