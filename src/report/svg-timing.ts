/**
 * One kernel's launch times against their watchdog budgets on a log axis: a 0.2 ms launch under a 500 ms budget is a
 * visible bar, and the gap to the budget mark reads as headroom (decades apart = ×10 each).
 */
import { esc } from './escape.ts';
import { fmt } from './format.ts';
import type { TimingRecord } from './schema.ts';

const ROW = 18;
const LABEL_W = 130;
const PLOT_W = 380;
const VALUE_W = 190;
const AXIS_H = 18;

/** The slowest launch per shape and budget (a run times the same shape many times). */
export interface ShapeTiming {
  readonly batch: number;
  readonly vocab: number;
  readonly budgetMs: number;
  readonly ms: number;
  readonly launches: number;
}

export function slowestPerShape(timings: readonly TimingRecord[]): ShapeTiming[] {
  const by = new Map<string, ShapeTiming>();
  for (const t of timings) {
    const key = `${t.batch}x${t.vocab}@${t.budgetMs}`;
    const had = by.get(key);
    by.set(key, { batch: t.batch, vocab: t.vocab, budgetMs: t.budgetMs, ms: Math.max(t.ms, had?.ms ?? 0), launches: (had?.launches ?? 0) + 1 });
  }
  return [...by.values()].sort((a, b) => a.batch * a.vocab - b.batch * b.vocab || a.budgetMs - b.budgetMs);
}

/** Budget over time: how many times the launch fits in its budget. */
export const headroom = (s: { ms: number; budgetMs: number }): number => (s.ms > 0 ? s.budgetMs / s.ms : Number.POSITIVE_INFINITY);

export const headroomText = (h: number): string =>
  !Number.isFinite(h) ? '×∞' : h >= 10 ? `×${Math.round(h).toLocaleString('en-US')}` : `×${h.toPrecision(2)}`;

/** Decades spanning every time and budget; a zero time is drawn at the left edge. */
export function logRange(values: readonly number[]): { lo: number; hi: number } {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return { lo: 0.001, hi: 1 };
  const lo = 10 ** Math.floor(Math.log10(Math.min(...positive)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...positive)));
  return { lo, hi: hi > lo ? hi : lo * 10 };
}

export function timingChart(kernel: string, shapes: readonly ShapeTiming[]): string {
  if (shapes.length === 0) return '';
  const { lo, hi } = logRange(shapes.flatMap((s) => [s.ms, s.budgetMs]));
  const span = Math.log10(hi / lo);
  const x = (ms: number): number => LABEL_W + (ms <= lo ? 0 : (Math.log10(ms / lo) / span) * PLOT_W);
  const height = ROW * shapes.length + AXIS_H + 4;
  const width = LABEL_W + PLOT_W + VALUE_W;
  // Bars and budget marks as one path per kind: a kernel with a dozen shapes stays a few KB.
  let ok = '';
  let bad = '';
  let budgets = '';
  const values: string[] = [];
  const labels = shapes.map((s, i) => {
    const y = 2 + i * ROW;
    const barPath = `M${LABEL_W} ${y + 3}h${Math.max(1, x(s.ms) - LABEL_W).toFixed(1)}v${ROW - 6}H${LABEL_W}z`;
    if (s.ms > s.budgetMs) bad += barPath;
    else ok += barPath;
    budgets += `M${x(s.budgetMs).toFixed(1)} ${y}v${ROW}`;
    values.push(`<text y="${y + 12}">${esc(`${fmt(s.ms)} / ${fmt(s.budgetMs)} ms ${headroomText(headroom(s))}`)}</text>`);
    return `<text y="${y + 12}">${s.batch} × ${s.vocab}</text>`;
  });
  const rows = [
    ok === '' ? '' : `<path d="${ok}" class="bar-ok"/>`,
    bad === '' ? '' : `<path d="${bad}" class="bar-bad"/>`,
    `<path d="${budgets}" class="budget"/>`,
    `<g class="lbl" text-anchor="end" transform="translate(${LABEL_W - 6})">${labels.join('')}</g>`,
    `<g class="val" transform="translate(${LABEL_W + PLOT_W + 6})">${values.join('')}</g>`,
  ];
  const axisY = 2 + shapes.length * ROW;
  const ticks: string[] = [];
  let grid = '';
  for (let v = lo; v <= hi * 1.0001; v *= 10) {
    const tx = x(v).toFixed(1);
    grid += `M${tx} 2V${axisY}`;
    ticks.push(`<text x="${tx}" y="${axisY + 13}" text-anchor="middle" class="tick">${esc(fmt(v))}</text>`);
  }
  return (
    `<svg class="chart" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${esc(`Slowest launch of ${kernel} per batch × vocab (ms, log scale) against its watchdog budget (dashed); ×N = headroom`)}</title>` +
    `<path d="${grid}" class="grid"/>` + ticks.join('') + rows.join('') +
    `<text x="${LABEL_W - 6}" y="${axisY + 13}" text-anchor="end" class="axis">ms (log)</text></svg>`
  );
}
