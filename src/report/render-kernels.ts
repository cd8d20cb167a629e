/** Per-kernel details (every check aggregated over its runs, failing runs first, folded unless failing) and bandwidth. */
import { aggregateChecks, type CheckRow } from './check-rows.ts';
import { esc, slug } from './escape.ts';
import { fmt } from './format.ts';
import type { CheckRecord, KernelResults, ReportResults, TestState } from './schema.ts';

type Kernels = ReportResults['kernels'];
export type StateOf = (source: string) => TestState | undefined;

const entries = (kernels: Kernels): [string, KernelResults][] => Object.entries(kernels);

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

function kernelDetails(name: string, k: KernelResults, stateOf: StateOf): string {
  const rows = aggregateChecks(k.checks, stateOf);
  const failed = k.checks.filter((c) => !c.ok).length;
  const killed = k.mutants.filter((m) => m.killed).length;
  const failing = rows.some((r) => r.failed > 0 || r.failedTests > 0) || k.replay.some((r) => r.mismatches > 0);
  const counts = k.checks.length === 0 ? '<span class="muted">no checks recorded</span>'
    : `${rows.length} checks, ${fmt(k.checks.length)} runs: <span class="ok">${fmt(k.checks.length - failed)} passed</span>, <span class="${failed > 0 ? 'bad' : 'muted'}">${fmt(failed)} failed</span>`;
  const declared = new Map((k.notApplicable ?? []).map((n) => [n.check, n.declared]));
  const na = [...declared].map(([check, why]) => `<li>${esc(check)}: not applicable (declared ${esc(why)})</li>`).join('');
  const table = rows.length === 0 ? '' : '<table><thead><tr><th>check</th><th>result</th><th>runs</th><th>passed</th><th>failed</th><th>rows checked</th><th>cases</th><th>tests</th><th>failures</th></tr></thead>' +
    `<tbody>${rows.map(checkRowHtml).join('')}</tbody></table>`;
  return `<details class="fold kernel ${failing ? 'failing' : 'passing'}" id="${slug('kernel', name)}"${failing ? ' open' : ''}>` +
    `<summary><code>${esc(name)}</code> <span class="muted">— ${counts}${k.mutants.length > 0 ? ` · mutants killed: ${killed} / ${k.mutants.length}` : ''}</span></summary>` +
    table + (na === '' ? '' : `<ul class="muted">${na}</ul>`) + replayTable(k.replay) + '</details>';
}

export function kernelsSection(kernels: Kernels, stateOf: StateOf): string {
  const list = entries(kernels);
  if (list.length === 0) return '<p class="muted">No kernel results were recorded.</p>';
  return list.map(([name, k]) => kernelDetails(name, k, stateOf)).join('');
}

export function bandwidthSection(kernels: Kernels): string {
  const rows = entries(kernels).flatMap(([name, k]) =>
    k.bandwidth.map((b) => `<tr><td><code>${esc(name)}</code></td><td>${esc(b.shape)}</td><td class="num">${fmt(b.gbps)}</td>` +
      `<td><span class="meter"><i style="width:${Math.min(100, b.pctOfCopy).toFixed(1)}%"></i></span>${fmt(b.pctOfCopy)}%</td></tr>`),
  );
  if (rows.length === 0) return '<p class="muted">No bandwidth measurements were recorded.</p>';
  return `<table><thead><tr><th>kernel</th><th>shape</th><th>GB/s</th><th>% of copy bandwidth</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

