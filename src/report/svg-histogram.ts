/**
 * Grouped bars: observed vs expected counts per cell of one chi-square test. Bars are drawn as two paths (one per
 * series) so a 41-cell chart stays a few KB; the counts themselves are in results.json.
 */
import { esc } from './escape.ts';
import { fmt } from './format.ts';
import { MAX_HISTOGRAM_CELLS } from './histogram.ts';
import type { ChiSquareRecord } from './schema.ts';

const PLOT_H = 150;
const CELL_W = 16;
const LEFT = 48;
const BOTTOM = 46;
const TOP = 8;

/** One bar as a closed path segment: from the baseline up to `h`. */
const bar = (x: number, w: number, h: number): string => (h <= 0 ? '' : `M${x} ${TOP + PLOT_H}v${-h.toFixed(1)}h${w}v${h.toFixed(1)}z`);

export function histogramChart(rec: ChiSquareRecord): string {
  const n = rec.labels.length;
  // The "other" cell of a truncated histogram can hold most of the mass; scaling to it would flatten every
  // real cell, so it is drawn clipped, with its value written on top.
  const scaled = rec.cells > MAX_HISTOGRAM_CELLS ? n - 1 : n;
  const max = Math.max(1e-300, ...rec.observed.slice(0, scaled), ...rec.expected.slice(0, scaled));
  const width = LEFT + n * CELL_W + 60;
  const height = PLOT_H + BOTTOM + TOP;
  const h = (v: number): number => Math.min(PLOT_H, (v / max) * PLOT_H);
  let expected = '';
  let observed = '';
  const labels: string[] = [];
  const clipped: string[] = [];
  for (let i = 0; i < n; i++) {
    const o = rec.observed[i] ?? 0;
    const x = LEFT + i * CELL_W;
    expected += bar(x + 1, CELL_W / 2 - 1, h(rec.expected[i] ?? 0));
    observed += bar(x + CELL_W / 2, CELL_W / 2 - 1, h(o));
    if (i >= scaled) clipped.push(`<text x="${x + CELL_W + 2}" y="16" class="tick">${esc(`${fmt(o)}↑`)}</text>`);
    labels.push(`<text transform="translate(${x + CELL_W / 2 + 3},${PLOT_H + 14})rotate(-60)">${esc(rec.labels[i] ?? String(i))}</text>`);
  }
  return (
    `<svg class="chart hist" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${esc(`${rec.kernel} / ${rec.case}: observed (dark) vs expected (light) counts, ${rec.cells} cells`)}</title>` +
    `<line x1="${LEFT - 2}" x2="${LEFT + n * CELL_W + 2}" y1="${TOP + PLOT_H}" y2="${TOP + PLOT_H}" class="axisline"/>` +
    `<text x="${LEFT - 6}" y="16" text-anchor="end" class="axis">${esc(fmt(max))}</text>` +
    `<text x="${LEFT - 6}" y="${TOP + PLOT_H}" text-anchor="end" class="axis">0</text>` +
    `<path d="${expected}" class="exp"/><path d="${observed}" class="obs"/>${clipped.join('')}<g class="tick" text-anchor="end">${labels.join('')}</g></svg>`
  );
}
