/** The per-kernel sections: checks, timing, bandwidth, statistics. */
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

export function kernelsSection(kernels: Kernels, stateOf: StateOf): string {
  const list = entries(kernels);
  if (list.length === 0) return '<p class="muted">No kernel results were recorded.</p>';
  return list
    .map(([name, k]) => {
      const failed = k.checks.filter((c) => !c.ok).length;
      const checks = k.checks
        .map((c: CheckRecord & Sourced) =>
          `<tr class="${c.ok ? 'passing' : 'failing'}"><td>${esc(c.check)}</td><td class="${c.ok ? 'ok' : 'bad'}">${c.ok ? 'pass' : 'FAIL'}</td>` +
          `<td class="num">${fmt(c.checked)}</td><td>${c.ok ? '' : `${fmt(c.findingCount)} finding(s)${findingsList(c)}`}</td>` +
          `${stateCell(stateOf(c.test))}</tr>`,
        )
        .join('');
      const replay = k.replay
        .map((r) => `<tr><td class="num">${fmt(r.rows)}</td><td class="num">${fmt(r.exact)}</td><td class="num">${fmt(r.nearBoundary)}</td>` +
          `<td class="num ${r.mismatches > 0 ? 'bad' : 'ok'}">${fmt(r.mismatches)}</td></tr>`)
        .join('');
      const killed = k.mutants.filter((m) => m.killed).length;
      return (
        `<div class="kernel" id="${slug('kernel', name)}"><h3>${esc(name)}</h3>` +
        (k.checks.length === 0 ? '<p class="muted">no checks recorded' : `<p>checks: <span class="ok">${k.checks.length - failed} passed</span>, <span class="${failed > 0 ? 'bad' : 'muted'}">${failed} failed</span>`) +
        (k.mutants.length > 0 ? ` · mutants killed: ${killed} / ${k.mutants.length}` : '') + '</p>' +
        (checks === '' ? '' : `<table><thead><tr><th>check</th><th>result</th><th>checked</th><th>detail</th><th>test</th></tr></thead><tbody>${checks}</tbody></table>`) +
        (replay === '' ? '' : `<table><thead><tr><th>replayed rows</th><th>exact</th><th>near boundary</th><th>mismatches</th></tr></thead><tbody>${replay}</tbody></table>`) +
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
