/** The per-kernel sections: checks, timing, bandwidth, statistics. */
import { aggregateChecks, type CheckRow } from './check-rows.ts';
import { esc, slug } from './escape.ts';
import { fmt, fmtBytes } from './format.ts';
import { MAX_HISTOGRAM_CELLS } from './histogram.ts';
import type { CheckRecord, KernelResults, ReportResults, Sourced, TestState } from './schema.ts';
import { histogramChart } from './svg-histogram.ts';
import { timingChart } from './svg-timing.ts';

type Kernels = ReportResults['kernels'];
export type StateOf = (source: string) => TestState | undefined;

const entries = (kernels: Kernels): [string, KernelResults][] => Object.entries(kernels);

function stateCell(state: TestState | undefined): string {
  if (state === undefined) return '<td class="muted">—</td>';
  return `<td class="${state === 'passed' ? 'ok' : state === 'failed' ? 'bad' : 'muted'}">${state}</td>`;
}

function findingsList(c: CheckRecord): string {
  if (c.findings.length === 0) return '';
  const items = c.findings.map((f) => {
    const where = `row ${f.row}${f.index === undefined ? '' : `, index ${f.index}`}`;
    const values = f.values === undefined ? '' : ` <code>${esc(Object.entries(f.values).map(([k, v]) => `${k}=${String(v)}`).join(' '))}</code>`;
    return `<li>${esc(where)}: ${esc(f.message)}${values}</li>`;
  });
  const more = c.findingCount > c.findings.length ? `<li class="muted">… ${c.findingCount - c.findings.length} more</li>` : '';
  return `<ul class="findings">${items.join('')}${more}</ul>`;
}

function checkRowHtml(r: CheckRow): string {
  const failing = r.failed > 0 || r.failedTests > 0;
  const runs = r.failures
    .map((c) => `<li><b>${esc(c.case ?? 'no case recorded')}</b>: ${fmt(c.findingCount)} finding(s) of ${fmt(c.checked)} checked` +
      ` <span class="muted">(${esc(c.test)})</span>${findingsList(c)}</li>`)
    .join('');
  const more = r.failed > r.failures.length ? `<li class="muted">… ${fmt(r.failed - r.failures.length)} more failing run(s)</li>` : '';
  const detail = r.failed === 0 ? '' : `<details open><summary>first ${r.failures.length} of ${fmt(r.failed)} failing run(s)</summary><ul>${runs}${more}</ul></details>`;
  const tests = r.failedTests > 0 ? `<td class="bad">${fmt(r.failedTests)} of ${fmt(r.tests)} failed</td>` : `<td class="muted">${fmt(r.tests)}</td>`;
  return `<tr class="${failing ? 'failing' : 'passing'}"><td>${esc(r.check)}</td><td class="${r.failed > 0 ? 'bad' : 'ok'}">${r.failed > 0 ? 'FAIL' : 'pass'}</td>` +
    `<td class="num">${fmt(r.runs)}</td><td class="num ok">${fmt(r.passed)}</td><td class="num ${r.failed > 0 ? 'bad' : 'muted'}">${fmt(r.failed)}</td>` +
    `<td class="num">${fmt(r.checked)}</td><td class="num">${fmt(r.cases)}</td>${tests}<td>${detail}</td></tr>`;
}

/** Totals over every replay, plus the replays that mismatched (one line per replay drowned the page). */
function replayTable(replays: KernelResults['replay']): string {
  if (replays.length === 0) return '';
  const sum = (f: (r: KernelResults['replay'][number]) => number): number => replays.reduce((a, r) => a + f(r), 0);
  const mismatches = sum((r) => r.mismatches);
  const bad = replays.filter((r) => r.mismatches > 0)
    .map((r) => `<tr class="failing"><td colspan="4">${fmt(r.mismatches)} of ${fmt(r.rows)} rows mismatched <span class="muted">(${esc(r.test)})</span></td></tr>`)
    .join('');
  return '<table><thead><tr><th>replays</th><th>replayed rows</th><th>exact</th><th>near boundary</th><th>mismatches</th></tr></thead><tbody>' +
    `<tr class="${mismatches > 0 ? 'failing' : 'passing'}"><td class="num">${fmt(replays.length)}</td><td class="num">${fmt(sum((r) => r.rows))}</td><td class="num">${fmt(sum((r) => r.exact))}</td>` +
    `<td class="num">${fmt(sum((r) => r.nearBoundary))}</td><td class="num ${mismatches > 0 ? 'bad' : 'ok'}">${fmt(mismatches)}</td></tr>${bad}</tbody></table>`;
}

export function kernelsSection(kernels: Kernels, stateOf: StateOf): string {
  const list = entries(kernels);
  if (list.length === 0) return '<p class="muted">No kernel results were recorded.</p>';
  return list
    .map(([name, k]) => {
      const rows = aggregateChecks(k.checks, stateOf);
      const failed = k.checks.filter((c) => !c.ok).length;
      const checks = rows.map(checkRowHtml).join('');
      const replay = replayTable(k.replay);
      const killed = k.mutants.filter((m) => m.killed).length;
      const failing = rows.some((r) => r.failed > 0 || r.failedTests > 0) || k.replay.some((r) => r.mismatches > 0);
      return (
        `<div class="kernel ${failing ? 'failing' : 'passing'}" id="${slug('kernel', name)}"><h3>${esc(name)}</h3>` +
        (k.checks.length === 0 ? '<p class="muted">no checks recorded' : `<p>${rows.length} checks, ${fmt(k.checks.length)} runs: <span class="ok">${fmt(k.checks.length - failed)} passed</span>, <span class="${failed > 0 ? 'bad' : 'muted'}">${fmt(failed)} failed</span>`) +
        (k.mutants.length > 0 ? ` · mutants killed: ${killed} / ${k.mutants.length}` : '') + '</p>' +
        (checks === '' ? '' : '<table><thead><tr><th>check</th><th>result</th><th>runs</th><th>passed</th><th>failed</th><th>rows checked</th><th>cases</th><th>tests</th><th>failures</th></tr></thead>' +
          `<tbody>${checks}</tbody></table>`) +
        replay +
        '</div>'
      );
    })
    .join('');
}

export function timingSection(kernels: Kernels): string {
  const list = entries(kernels).filter(([, k]) => k.timings.length > 0);
  if (list.length === 0) return '<p class="muted">No timings were recorded.</p>';
  return list
    .map(([name, k]) => {
      const rows = k.timings
        .map((t) => `<tr class="${t.ms > t.budgetMs ? 'failing' : 'passing'}"><td class="num">${fmt(t.batch)}</td><td class="num">${fmt(t.vocab)}</td>` +
          `<td class="num ${t.ms > t.budgetMs ? 'bad' : ''}">${fmt(t.ms)}</td><td class="num">${fmt(t.budgetMs)}</td>` +
          `<td class="num">${t.bytes === undefined ? '—' : fmtBytes(t.bytes)}</td></tr>`)
        .join('');
      return `<h3>${esc(name)}</h3>${timingChart(name, k.timings)}` +
        `<table><thead><tr><th>batch</th><th>vocab</th><th>ms</th><th>budget ms</th><th>bytes</th></tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join('');
}

export function bandwidthSection(kernels: Kernels): string {
  const rows = entries(kernels).flatMap(([name, k]) =>
    k.bandwidth.map((b) => `<tr><td><code>${esc(name)}</code></td><td>${esc(b.shape)}</td><td class="num">${fmt(b.gbps)}</td>` +
      `<td><span class="meter"><i style="width:${Math.min(100, b.pctOfCopy).toFixed(1)}%"></i></span>${fmt(b.pctOfCopy)}%</td></tr>`),
  );
  if (rows.length === 0) return '<p class="muted">No bandwidth measurements were recorded.</p>';
  return `<table><thead><tr><th>kernel</th><th>shape</th><th>GB/s</th><th>% of copy bandwidth</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function statisticsSection(kernels: Kernels, stateOf: StateOf): string {
  const recs = entries(kernels).flatMap(([, k]) => k.chiSquare);
  if (recs.length === 0) return '<p class="muted">No goodness-of-fit tests were recorded.</p>';
  const rows = recs
    .map((r) => {
      const state = stateOf(r.test);
      return `<tr class="${state === 'failed' ? 'failing' : 'passing'}"><td><code>${esc(r.kernel)}</code></td><td>${esc(r.case)}</td><td class="num">${fmt(r.draws)}</td>` +
        `<td class="num">${fmt(r.df)}</td><td class="num">${fmt(r.pValue)}</td><td class="num">${r.holmAdjusted === undefined ? '—' : fmt(r.holmAdjusted)}</td>` +
        `<td class="num">${fmt(r.minDetectableTv)}</td><td class="num">${fmt(r.power)}</td>${stateCell(state)}</tr>`;
    })
    .join('');
  const charts = recs
    .map((r) => {
      const failed = stateOf(r.test) === 'failed';
      const note = r.cells > MAX_HISTOGRAM_CELLS ? ` (largest ${r.labels.length - 1} of ${r.cells} cells + other)` : '';
      return `<details${failed ? ' open' : ''} class="${failed ? 'failing' : 'passing'}"><summary><code>${esc(r.kernel)}</code> — ${esc(r.case)}${esc(note)}</summary>${histogramChart(r)}</details>`;
    })
    .join('');
  return `<table><thead><tr><th>kernel</th><th>case</th><th>draws</th><th>df</th><th>p</th><th>Holm p</th><th>min detectable TV</th><th>power</th><th>test</th></tr></thead>` +
    `<tbody>${rows}</tbody></table><p class="muted">Histograms: light = expected, dark = observed.</p>${charts}`;
}
