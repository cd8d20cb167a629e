/** Bench time against vocabulary for one kernel, one line per batch size, log–log, with p10–p90 whiskers. */
import type { BenchPoint } from './bench-rows.ts';
import { esc } from './escape.ts';
import { fmt } from './format.ts';
import { logRange } from './svg-timing.ts';

const W = 300;
const H = 150;
const L = 42;
const B = 30;
const T = 16;
/** Right of the plot: the legend. */
const R = 72;
const SERIES = 5;

export function benchChart(kernel: string, points: readonly BenchPoint[]): string {
  const timed = points.filter((p) => p.timing !== undefined);
  if (timed.length === 0) return '';
  // Vocabularies are a few close values (32k–256k): a tight axis keeps their labels apart; times span decades.
  const vocabs = timed.map((p) => p.vocab);
  const xs = { lo: Math.min(...vocabs) / 1.2, hi: Math.max(...vocabs) * 1.2 };
  const ys = logRange(timed.flatMap((p) => [p.timing?.p10Ms ?? 0, p.timing?.p90Ms ?? 0]));
  const px = (v: number): number => L + (Math.log10(v / xs.lo) / Math.log10(xs.hi / xs.lo)) * (W - L - R);
  const py = (v: number): number => T + (1 - Math.log10(v / ys.lo) / Math.log10(ys.hi / ys.lo)) * (H - T - B);
  const batches = [...new Set(timed.map((p) => p.batch))].sort((a, b) => a - b);
  const series = batches.map((batch, i) => {
    const pts = timed.filter((p) => p.batch === batch).sort((a, b) => a.vocab - b.vocab);
    const line = pts.map((p, j) => `${j === 0 ? 'M' : 'L'}${px(p.vocab).toFixed(1)} ${py(p.timing?.medianMs ?? 1).toFixed(1)}`).join('');
    const whiskers = pts.map((p) => `M${px(p.vocab).toFixed(1)} ${py(p.timing?.p10Ms ?? 1).toFixed(1)}V${py(p.timing?.p90Ms ?? 1).toFixed(1)}`).join('');
    // A marker per point: a batch measured at one vocabulary has no line to show.
    const dots = pts.map((p) => `M${(px(p.vocab) - 2).toFixed(1)} ${(py(p.timing?.medianMs ?? 1) - 2).toFixed(1)}h4v4h-4z`).join('');
    const cls = `s${i % SERIES}`;
    return `<path d="${line}" class="line ${cls}"/><path d="${whiskers}" class="whisk ${cls}"/><path d="${dots}" class="${cls}"/>` +
      `<text x="${W - R + 6}" y="${T + 10 + i * 11}" class="key ${cls}">batch ${batch}</text>`;
  });
  const decades: number[] = [];
  for (let v = ys.lo; v <= ys.hi * 1.0001; v *= 10) decades.push(v);
  const yTicks = decades.map((v) => `<text x="${L - 4}" y="${py(v) + 4}" text-anchor="end" class="tick">${esc(fmt(v))}</text>`);
  const xTicks = [...new Set(timed.map((p) => p.vocab))].map((v) => `<text x="${px(v).toFixed(1)}" y="${H - B + 13}" text-anchor="middle" class="tick">${esc(fmt(v / 1000))}k</text>`);
  return (
    `<svg class="chart" role="img" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${esc(`${kernel}: median bench time (ms, log) against vocabulary (log), one line per batch, p10–p90 whiskers`)}</title>` +
    `<text x="4" y="11" class="lbl">${esc(kernel)} (ms)</text>` +
    `<path d="M${L} ${T}V${H - B}H${W - R}" class="axisline" fill="none"/>` +
    yTicks.join('') + xTicks.join('') + series.join('') +
    `<text x="${(L + W - R) / 2}" y="${H - 4}" text-anchor="middle" class="axis">vocab</text></svg>`
  );
}
