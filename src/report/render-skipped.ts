/** Skipped tests grouped by one short reason each: a reason is read once, not pasted into every row. */
import { esc } from './escape.ts';
import type { ReportResults } from './schema.ts';
import { shortReason } from './short-reason.ts';

const NAMES_SHOWN = 40;

/** Reasons vitest gives when a test carried none of its own. */
const GENERIC = new Set(['skipped', 'not selected']);

export interface SkipGroup {
  readonly reason: string;
  readonly tests: readonly { readonly file: string; readonly name: string }[];
}

export function skipGroups(r: ReportResults): SkipGroup[] {
  const noGpu = r.device?.available === false ? shortReason(r.device.reason ?? '') : undefined;
  const groups = new Map<string, { file: string; name: string }[]>();
  for (const t of r.tests) {
    if (t.state !== 'skipped') continue;
    const raw = t.skipReason ?? 'skipped';
    const reason = GENERIC.has(raw) && noGpu !== undefined && t.project !== 'unit'
      ? `${raw} (no reason of its own; this run had no GPU: ${noGpu})`
      : shortReason(raw);
    groups.set(reason, [...(groups.get(reason) ?? []), { file: t.file, name: shortReason(t.fullName) }]);
  }
  return [...groups].map(([reason, tests]) => ({ reason, tests })).sort((a, b) => b.tests.length - a.tests.length);
}

export function skippedSection(r: ReportResults): string {
  const groups = skipGroups(r);
  if (groups.length === 0) return '<p class="muted">No tests were skipped.</p>';
  const rows = groups.map((g) => {
    const files = [...new Set(g.tests.map((t) => t.file))];
    const names = g.tests.slice(0, NAMES_SHOWN).map((t) => `<li><code>${esc(t.file)}</code> › ${esc(t.name)}</li>`).join('');
    const more = g.tests.length > NAMES_SHOWN ? `<li class="muted">… ${g.tests.length - NAMES_SHOWN} more</li>` : '';
    return `<tr><td>${esc(g.reason)}</td><td class="num">${g.tests.length}</td><td class="num">${files.length}</td>` +
      `<td><details><summary>tests</summary><ul>${names}${more}</ul></details></td></tr>`;
  });
  return `<table><thead><tr><th>reason</th><th>tests</th><th>files</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
