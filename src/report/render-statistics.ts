/**
 * Goodness-of-fit tests: one table row per test. Histograms are drawn for the failing tests (open) and for the
 * run's lowest p-value (folded); the others' counts stay in results.json, which keeps the page small.
 */
import { esc } from './escape.ts';
import { fmt } from './format.ts';
import { MAX_HISTOGRAM_CELLS } from './histogram.ts';
import type { StateOf } from './render-kernels.ts';
import type { ReportResults, TestState } from './schema.ts';
import { histogramChart } from './svg-histogram.ts';

function stateCell(state: TestState | undefined): string {
  if (state === undefined) return '<td class="muted">—</td>';
  return `<td class="${state === 'passed' ? 'ok' : state === 'failed' ? 'bad' : 'muted'}">${state}</td>`;
}

export function statisticsSection(kernels: ReportResults['kernels'], stateOf: StateOf): string {
  const recs = Object.values(kernels).flatMap((k) => k.chiSquare);
  if (recs.length === 0) return '<p class="muted">No goodness-of-fit tests were recorded.</p>';
  const rows = recs
    .map((r) => {
      const state = stateOf(r.test);
      return `<tr class="${state === 'failed' ? 'failing' : 'passing'}"><td><code>${esc(r.kernel)}</code></td><td>${esc(r.case)}</td><td class="num">${fmt(r.draws)}</td>` +
        `<td class="num">${fmt(r.df)}</td><td class="num">${fmt(r.pValue)}</td><td class="num">${r.holmAdjusted === undefined ? '—' : fmt(r.holmAdjusted)}</td>` +
        `<td class="num">${fmt(r.minDetectableTv)}</td><td class="num">${fmt(r.power)}</td>${stateCell(state)}</tr>`;
    })
    .join('');
  const lowest = recs.reduce((a, r) => (r.pValue < a.pValue ? r : a));
  const charts = recs
    .filter((r) => r === lowest || stateOf(r.test) === 'failed')
    .map((r) => {
      const failed = stateOf(r.test) === 'failed';
      const note = r.cells > MAX_HISTOGRAM_CELLS ? ` (largest ${r.labels.length - 1} of ${r.cells} cells + other)` : '';
      const what = failed ? 'failed' : 'lowest p of the run';
      return `<details${failed ? ' open' : ''} class="${failed ? 'failing' : 'passing'}"><summary><code>${esc(r.kernel)}</code> — ${esc(r.case)}${esc(note)} <span class="muted">(${what})</span></summary>${histogramChart(r)}</details>`;
    })
    .join('');
  return `<table><thead><tr><th>kernel</th><th>case</th><th>draws</th><th>df</th><th>p</th><th>Holm p</th><th>min detectable TV</th><th>power</th><th>test</th></tr></thead>` +
    `<tbody>${rows}</tbody></table><p class="muted">Histograms (failing tests, and the run's lowest p): light = expected, dark = observed.</p>${charts}`;
}
