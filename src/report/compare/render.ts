/**
 * compare.html: one self-contained page a reviewer reads top to bottom — the outcome and what failed, the runs and
 * whether they are comparable, verdict changes (regressions first), the kernels × checks matrix base → head, every
 * bench row with its ratio (only differences outside both runs' p10–p90 flagged), chi-square side by side, and
 * compile-resource changes.
 */
import { esc } from '../escape.ts';
import { fmt } from '../format.ts';
import { PAGE_CSS, PAGE_JS } from '../page-assets.ts';
import { VERDICT_LABEL } from '../verdict.ts';
import type { ChiRow, ChiSide, CompareReport, PerfRow, RunSide, SideState, Timing } from './model.ts';
import { COMPARE_CSS } from './style.ts';

export const COMPARE_SECTION_IDS = ['outcome', 'changes', 'matrix', 'performance', 'statistics', 'compile-gates'] as const;

const SYMBOL: Readonly<Record<SideState, string>> = { passed: '✓', failed: '✗', 'not-applicable': 'n/a', 'not-run': '·', absent: '—' };

function runRow(label: string, s: RunSide): string {
  return `<tr><th>${label}</th><td><span class="verdict-small ${s.verdict.status}">${VERDICT_LABEL[s.verdict.status]}</span> ${esc(s.verdict.summary)}</td>` +
    `<td><code>${esc(s.commit?.slice(0, 12) ?? 'unknown')}</code></td><td>${esc(s.device ?? 'no GPU')}</td><td>${esc(s.createdAt)}</td><td><code>${esc(s.path)}</code></td></tr>`;
}

function outcome(r: CompareReport): string {
  const failed = r.failures.length > 0;
  const badge = `<span class="verdict ${failed ? 'failed' : 'verified'}" id="compare-outcome">${failed ? 'FAILED' : 'NO REGRESSION'}</span>`;
  const list = failed ? `<h3 class="bad">Why the gate fails</h3><ol class="failures">${r.failures.map((f) => `<li>${esc(f)}</li>`).join('')}</ol>` : '';
  const notes = r.notes.map((n) => `<li class="${n.startsWith('timings are not comparable') ? 'warn' : n.includes(' left out: ') ? 'stale-note' : ''}">${esc(n)}</li>`).join('');
  return `<p>${badge}</p>${list}<table><thead><tr><th></th><th>verdict</th><th>commit</th><th>device</th><th>written</th><th>results</th></tr></thead>` +
    `<tbody>${runRow('base', r.base)}${runRow('head', r.head)}</tbody></table><ul class="notes">${notes}</ul>`;
}

function changes(r: CompareReport): string {
  if (r.changes.length === 0) return '<p class="muted">No check changed state.</p>';
  const cls = (k: string): string => (k === 'regression' || k === 'new-failure' ? 'bad' : k === 'fixed' ? 'ok' : 'warn');
  return `<ol class="changes">${r.changes.map((c) => `<li class="change ${c.kind}"><span class="${cls(c.kind)}">${esc(c.kind)}</span> ${esc(c.text)}</li>`).join('')}</ol>`;
}

function matrix(r: CompareReport): string {
  if (r.matrix.rows.length === 0) return '<p class="muted">Neither run recorded a check.</p>';
  const head = r.matrix.columns.map((c) => `<th class="col ${c.scope}">${esc(c.check)}</th>`).join('');
  const rows = r.matrix.rows.map((row) => {
    const cells = r.matrix.columns.map((c) => {
      const cell = row.cells[c.check] ?? { base: 'absent', head: 'absent' };
      const same = cell.base === cell.head;
      const text = same ? SYMBOL[cell.head] : `${SYMBOL[cell.base]}→${SYMBOL[cell.head]}`;
      return `<td class="c-${cell.head}${same ? '' : ' changed'}" title="${esc(`base ${cell.base}, head ${cell.head}`)}">${text}</td>`;
    }).join('');
    return `<tr><th class="row">${esc(row.kernel)}</th>${cells}</tr>`;
  });
  return `<table class="matrix wide"><thead><tr><th></th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>` +
    '<p class="legend muted">base→head where a cell changed; ✓ passed, ✗ failed, n/a not applicable, · not run, — kernel absent from that run.</p>';
}

const us = (ms: number): string => fmt(ms * 1000);
const timing = (t: Timing | undefined): string => (t === undefined ? '<td class="muted">—</td>' : `<td class="num">${us(t.medianMs)} <span class="muted">(${us(t.p10Ms)}–${us(t.p90Ms)})</span></td>`);

function perfRow(p: PerfRow): string {
  const pct = p.ratio === undefined ? '' : `${p.ratio >= 1 ? '+' : ''}${((p.ratio - 1) * 100).toFixed(1)}%`;
  const cls = p.failsGate || p.flag === 'slower' || p.flag === 'failed' ? 'bad' : p.flag === 'faster' ? 'ok' : 'muted';
  const flag = p.failsGate ? `slower ${pct} — fails the gate` : p.flag === 'slower' || p.flag === 'faster' ? `${p.flag} ${pct}` : p.flag;
  return `<tr class="perf ${p.flag}${p.failsGate ? ' gate' : ''}"><td><code>${esc(p.kernel)}</code></td><td class="num">${p.batch} × ${p.vocab}</td>` +
    `${timing(p.base)}${timing(p.head)}<td class="num">${p.ratio === undefined ? '—' : p.ratio.toFixed(3)}</td><td class="${cls}">${esc(flag)}</td></tr>`;
}

function performance(r: CompareReport): string {
  if (r.performance.unavailable !== undefined) return `<p class="muted">No comparison: ${esc(r.performance.unavailable)}.</p>`;
  const head = '<thead><tr><th>kernel</th><th>batch × vocab</th><th>base µs (p10–p90)</th><th>head µs (p10–p90)</th><th>head / base</th><th>flag</th></tr></thead>';
  const flagged = r.performance.rows.filter((p) => p.flag !== 'noise');
  const noise = r.performance.rows.filter((p) => p.flag === 'noise');
  const warn = r.timingsComparable ? '' : '<p class="warn">The runs are on different devices: these timings are not comparable.</p>';
  const threshold = r.failOnSlowerPct === undefined ? '' : ` A flagged slowdown above ${r.failOnSlowerPct}% fails the gate.`;
  return `${warn}<p>${r.performance.rows.length} bench rows; a difference is flagged only when the p10–p90 ranges of the two runs do not overlap.${esc(threshold)}</p>` +
    (flagged.length === 0 ? '<p class="muted">No row outside the noise.</p>' : `<table>${head}<tbody>${flagged.map(perfRow).join('')}</tbody></table>`) +
    (noise.length === 0 ? '' : `<details class="fold"><summary>${noise.length} rows within the noise</summary><table>${head}<tbody>${noise.map(perfRow).join('')}</tbody></table></details>`);
}

const chiCells = (s: ChiSide | undefined): string =>
  s === undefined ? '<td class="muted" colspan="4">—</td>'
    : `<td class="num${s.failed ? ' bad' : ''}">${fmt(s.pValue)}</td><td class="num">${s.holmAdjusted === undefined ? '—' : fmt(s.holmAdjusted)}</td>` +
      `<td class="num">${fmt(s.minDetectableTv)}</td><td class="num">${fmt(s.power)}</td>`;

function statistics(r: CompareReport): string {
  if (r.chiSquare.rows.length === 0) return '<p class="muted">Neither run recorded a goodness-of-fit test.</p>';
  const rows = r.chiSquare.rows.map((c: ChiRow) => `<tr><td><code>${esc(c.kernel)}</code></td><td>${esc(c.case)}</td>${chiCells(c.base)}${chiCells(c.head)}</tr>`);
  return '<table><thead><tr><th rowspan="2">kernel</th><th rowspan="2">case</th><th colspan="4">base</th><th colspan="4">head</th></tr>' +
    '<tr><th>p</th><th>Holm p</th><th>min detectable TV</th><th>power</th><th>p</th><th>Holm p</th><th>min detectable TV</th><th>power</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`;
}

function gates(r: CompareReport): string {
  const g = r.compileGates;
  if (g.unavailable !== undefined) return `<p class="muted">No comparison: ${esc(g.unavailable)}.</p>`;
  const rows = g.rows.map((c) => `<tr><td><code>${esc(c.kernel)}</code></td><td>${esc(c.target)}</td><td>${esc(c.field)}</td>` +
    `<td class="num">${esc(c.base ?? '—')}</td><td class="num">${esc(c.head ?? '—')}</td></tr>`);
  return `<p>${g.rows.length} change(s); ${g.unchanged} kernel × target row(s) unchanged.</p>` +
    (rows.length === 0 ? '' : `<table><thead><tr><th>kernel</th><th>target</th><th>resource</th><th>base</th><th>head</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
}

const TITLES: Readonly<Record<(typeof COMPARE_SECTION_IDS)[number], string>> = {
  outcome: 'Outcome', changes: 'Verdict changes', matrix: 'Kernels × checks (base → head)', performance: 'Performance',
  statistics: 'Chi-square', 'compile-gates': 'Compile gates',
};

export function renderCompare(r: CompareReport): string {
  const body: Record<(typeof COMPARE_SECTION_IDS)[number], string> = {
    outcome: outcome(r), changes: changes(r), matrix: matrix(r), performance: performance(r), statistics: statistics(r), 'compile-gates': gates(r),
  };
  const title = `Compare — ${r.failures.length > 0 ? 'FAILED' : 'no regression'}: base ${r.base.commit?.slice(0, 10) ?? '?'} → head ${r.head.commit?.slice(0, 10) ?? '?'}`;
  const sections = COMPARE_SECTION_IDS.map((id) => `<section id="${id}"><h2>${TITLES[id]}</h2>${body[id]}</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${PAGE_CSS}${COMPARE_CSS}</style></head>
<body><header><h1>${esc(title)}</h1><nav>${COMPARE_SECTION_IDS.map((id) => `<a href="#${id}">${TITLES[id]}</a>`).join('')}</nav></header><main>
${sections}
</main><script>${PAGE_JS}</script></body></html>
`;
}
