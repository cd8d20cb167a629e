/** Grouped bars: observed vs expected counts per cell of one chi-square test. */
import { esc } from './escape.ts';
import { fmt } from './format.ts';
import { MAX_HISTOGRAM_CELLS } from './histogram.ts';
import type { ChiSquareRecord } from './schema.ts';

const PLOT_H = 150;
const CELL_W = 16;
const LEFT = 48;
const BOTTOM = 46;

export function histogramChart(rec: ChiSquareRecord): string {
  const n = rec.labels.length;
  // The "other" cell of a truncated histogram can hold most of the mass; scaling to it would flatten every
  // real cell, so it is drawn clipped, with its value written on top.
  const scaled = rec.cells > MAX_HISTOGRAM_CELLS ? n - 1 : n;
  const max = Math.max(1e-300, ...rec.observed.slice(0, scaled), ...rec.expected.slice(0, scaled));
  const width = LEFT + n * CELL_W + 60;
  const height = PLOT_H + BOTTOM + 8;
  const h = (v: number): number => Math.min(PLOT_H, (v / max) * PLOT_H);
  const cells: string[] = [];
  for (let i = 0; i < n; i++) {
    const o = rec.observed[i] ?? 0;
    const e = rec.expected[i] ?? 0;
    const label = rec.labels[i] ?? String(i);
    const x = LEFT + i * CELL_W;
    const tip = `<title>${esc(`cell ${label}: observed ${fmt(o)}, expected ${fmt(e)}`)}</title>`;
    cells.push(
      `<rect x="${x + 1}" y="${(8 + PLOT_H - h(e)).toFixed(1)}" width="${CELL_W / 2 - 1}" height="${h(e).toFixed(1)}" class="exp">${tip}</rect>`,
      `<rect x="${x + CELL_W / 2}" y="${(8 + PLOT_H - h(o)).toFixed(1)}" width="${CELL_W / 2 - 1}" height="${h(o).toFixed(1)}" class="obs">${tip}</rect>`,
      i >= scaled ? `<text x="${x + CELL_W + 2}" y="16" class="tick">${esc(`${fmt(o)}↑`)}</text>` : '',
      `<text transform="translate(${x + CELL_W / 2 + 3},${PLOT_H + 14}) rotate(-60)" text-anchor="end" class="tick">${esc(label)}</text>`,
    );
  }
  return (
    `<svg class="chart hist" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${esc(`${rec.kernel} / ${rec.case}: observed (dark) vs expected (light) counts, ${rec.cells} cells`)}</title>` +
    `<line x1="${LEFT - 2}" x2="${LEFT + n * CELL_W + 2}" y1="${8 + PLOT_H}" y2="${8 + PLOT_H}" class="axisline"/>` +
    `<text x="${LEFT - 6}" y="16" text-anchor="end" class="axis">${esc(fmt(max))}</text>` +
    `<text x="${LEFT - 6}" y="${8 + PLOT_H}" text-anchor="end" class="axis">0</text>` +
    cells.join('') +
    `</svg>`
  );
}
