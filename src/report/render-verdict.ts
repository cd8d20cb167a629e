/** The page's opening: the verdict, what failed (first things first), why nothing was verified, and the run's facts. */
import { esc } from './escape.ts';
import type { ReportResults } from './schema.ts';
import { VERDICT_LABEL, type Verdict } from './verdict.ts';

/** Failures listed before the rest fold away. */
const SHOWN_FAILURES = 12;

function failureList(failures: readonly string[]): string {
  if (failures.length === 0) return '';
  const li = (f: string): string => `<li>${esc(f)}</li>`;
  const rest = failures.slice(SHOWN_FAILURES);
  const more = rest.length === 0 ? '' : `<li class="muted"><details><summary>${rest.length} more</summary><ol class="failures">${rest.map(li).join('')}</ol></details></li>`;
  return `<h3 class="bad">What failed</h3><ol class="failures">${failures.slice(0, SHOWN_FAILURES).map(li).join('')}${more}</ol>`;
}

function facts(r: ReportResults, v: Verdict): string {
  const d = r.device;
  const device = d?.available === true ? `${d.name ?? 'GPU'}${d.arch === undefined ? '' : ` (${d.arch})`}` : 'no GPU';
  const item = (k: string, value: string): string => `<span>${esc(k)} <b>${esc(value)}</b></span>`;
  return `<p class="facts">${[
    item('kernels on a GPU', String(v.kernels)),
    item('tests', `${r.summary.passed} passed, ${r.summary.failed} failed, ${r.summary.skipped} skipped`),
    item('device', device),
    item('commit', r.git.commit?.slice(0, 12) ?? 'unknown'),
    item('run', r.startedAt === undefined ? r.createdAt : `${r.startedAt} → ${r.createdAt}`),
    item('node', r.environment.node),
    item('CI', r.environment.ci ? 'yes' : 'no'),
  ].join(' · ')}</p>`;
}

export function verdictSection(r: ReportResults, v: Verdict): string {
  const hint = v.hint === undefined ? '' : `<p>To verify: ${esc(v.hint)}.</p>`;
  const stale = v.stale.length === 0 ? ''
    : `<p class="stale-note">Left out of the verdict (stale): ${v.stale.map(esc).join('; ')}.</p>`;
  return (
    `<p><span class="verdict ${v.status}" id="verdict-label">${VERDICT_LABEL[v.status]}</span> ` +
    `<label><input type="checkbox" id="failures-only"> show failures only</label></p>` +
    `<p class="verdict-summary">${esc(v.summary)}</p>${hint}${failureList(v.failures)}${stale}${facts(r, v)}`
  );
}
