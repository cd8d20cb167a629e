/** Launch times per kernel against their budgets (log scale), folded per kernel, least headroom first. */
import { esc } from './escape.ts';
import { fmt } from './format.ts';
import type { ReportResults } from './schema.ts';
import { headroom, headroomText, slowestPerShape, timingChart, type ShapeTiming } from './svg-timing.ts';

export function timingSection(kernels: ReportResults['kernels']): string {
  const list = Object.entries(kernels)
    .map(([name, k]) => ({ name, shapes: slowestPerShape(k.timings) }))
    .filter((k) => k.shapes.length > 0)
    .map((k) => ({ ...k, worst: k.shapes.reduce((a, s) => (headroom(s) < headroom(a) ? s : a)) }))
    .sort((a, b) => headroom(a.worst) - headroom(b.worst));
  if (list.length === 0) return '<p class="muted">No timings were recorded.</p>';
  const line = (w: ShapeTiming): string => `${fmt(w.ms)} ms of ${fmt(w.budgetMs)} ms at ${w.batch} × ${w.vocab}`;
  const folds = list.map(({ name, shapes, worst }) => {
    const over = worst.ms > worst.budgetMs;
    return `<details class="fold ${over ? 'failing' : 'passing'}"${over ? ' open' : ''}><summary><code>${esc(name)}</code> ` +
      `<span class="${over ? 'bad' : 'muted'}">— least headroom ${esc(headroomText(headroom(worst)))} (${esc(line(worst))})</span></summary>${timingChart(name, shapes)}</details>`;
  });
  return `<p>Slowest launch per shape against its watchdog budget (dashed), log scale; ×N is how many times the launch fits in its budget.</p>${folds.join('')}`;
}
