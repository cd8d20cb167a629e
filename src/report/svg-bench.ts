/** Bench time against vocabulary for one kernel, one line per batch size, log–log, with p10–p90 whiskers. */
import type { BenchPoint } from './bench-rows.ts';
import { esc } from './escape.ts';
import { fmt } from './format.ts';
import { logRange } from './svg-timing.ts';

const W = 250;
const H = 150;
const L = 42;
const B = 30;
const T = 16;
const R = 8;
const SERIES = 5;

export function benchChart(kernel: string, points: readonly BenchPoint[]): string {
  const timed = points.filter((p) => p.timing !== undefined);
  if (timed.length === 0) return '';
  const xs = logRange(timed.map((p) => p.vocab));
  const ys = logRange(timed.flatMap((p) => [p.timing?.p10Ms ?? 0, p.timing?.p90Ms ?? 0]));
  const px = (v: number): number => L + (Math.log10(v / xs.lo) / Math.log10(xs.hi / xs.lo)) * (W - L - R);
  const py = (v: number): number => T + (1 - Math.log10(v / ys.lo) / Math.log10(ys.hi / ys.lo)) * (H - T - B);
  const batches = [...new Set(timed.map((p) => p.batch))].sort((a, b) => a - b);
  const series = batches.map((batch, i) => {
    const pts = timed.filter((p) => p.batch === batch).sort((a, b) => a.vocab - b.vocab);
    const line = pts.map((p, j) => `${j === 0 ? 'M' : 'L'}${px(p.vocab).toFixed(1)} ${py(p.timing?.medianMs ?? 1).toFixed(1)}`).join('');
    const whiskers = pts.map((p) => `M${px(p.vocab).toFixed(1)} ${py(p.timing?.p10Ms ?? 1).toFixed(1)}V${py(p.timing?.p90Ms ?? 1).toFixed(1)}`).join('');
    const cls = `s${i % SERIES}`;
    return `<path d="${line}" class="line ${cls}"/><path d="${whiskers}" class="whisk ${cls}"/>` +
      `<text x="${W - R}" y="${T + 10 + i * 11}" text-anchor="end" class="key ${cls}">batch ${batch}</text>`;
  });
  const yTicks = [ys.lo, ys.hi].map((v) => `<text x="${L - 4}" y="${py(v) + 4}" text-anchor="end" class="tick">${esc(fmt(v))}</text>`);
  const xTicks = [...new Set(timed.map((p) => p.vocab))].map((v) => `<text x="${px(v).toFixed(1)}" y="${H - B + 13}" text-anchor="middle" class="tick">${esc(fmt(v / 1000))}k</text>`);
  return (
    `<svg class="chart" role="img" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${esc(`${kernel}: median bench time (ms, log) against vocabulary (log), one line per batch, p10–p90 whiskers`)}</title>` +
    `<text x="${L}" y="11" class="lbl">${esc(kernel)}</text>` +
    `<path d="M${L} ${T}V${H - B}H${W - R}" class="axisline" fill="none"/>` +
    yTicks.join('') + xTicks.join('') + series.join('') +
    `<text x="${(L + W - R) / 2}" y="${H - 4}" text-anchor="middle" class="axis">vocab (ms on the y axis)</text></svg>`
  );
}
