/** Horizontal bar chart of one kernel's launch times, each bar against its own watchdog budget. */
import { esc } from './escape.ts';
import { fmt } from './format.ts';
import type { TimingRecord } from './schema.ts';

const ROW = 22;
const LABEL_W = 170;
const PLOT_W = 420;
const VALUE_W = 130;

export function timingChart(kernel: string, timings: readonly TimingRecord[]): string {
  if (timings.length === 0) return '';
  const scale = Math.max(...timings.map((t) => Math.max(t.ms, t.budgetMs))) * 1.05;
  const x = (ms: number): number => LABEL_W + (scale > 0 ? (ms / scale) * PLOT_W : 0);
  const height = ROW * timings.length + 28;
  const width = LABEL_W + PLOT_W + VALUE_W;
  const bars = timings.map((t, i) => {
    const y = 4 + i * ROW;
    const over = t.ms > t.budgetMs;
    const shape = `${t.batch} × ${t.vocab}`;
    return [
      `<text x="${LABEL_W - 6}" y="${y + 14}" text-anchor="end" class="lbl">${esc(shape)}</text>`,
      `<rect x="${LABEL_W}" y="${y + 3}" width="${(x(t.ms) - LABEL_W).toFixed(1)}" height="${ROW - 8}" class="${over ? 'bar-bad' : 'bar-ok'}">` +
        `<title>${esc(`${kernel} ${shape}: ${fmt(t.ms)} ms of ${fmt(t.budgetMs)} ms budget`)}</title></rect>`,
      `<line x1="${x(t.budgetMs).toFixed(1)}" x2="${x(t.budgetMs).toFixed(1)}" y1="${y}" y2="${y + ROW}" class="budget"/>`,
      `<text x="${LABEL_W + PLOT_W + 6}" y="${y + 14}" class="val">${esc(`${fmt(t.ms)} / ${fmt(t.budgetMs)} ms`)}</text>`,
    ].join('');
  });
  const axisY = 4 + timings.length * ROW + 14;
  return (
    `<svg class="chart" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${esc(`Launch time of ${kernel} per batch × vocab against the watchdog budget (dashed)`)}</title>` +
    bars.join('') +
    `<text x="${LABEL_W}" y="${axisY}" class="axis">0 ms</text>` +
    `<text x="${LABEL_W + PLOT_W}" y="${axisY}" text-anchor="end" class="axis">${esc(fmt(scale))} ms</text>` +
    `</svg>`
  );
}
