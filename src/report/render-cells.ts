/** Table cells for artifact data: numbers right-aligned, booleans as yes/no, everything escaped. */
import type { Cell, ExtractedRows } from './artifact-rows.ts';
import { esc } from './escape.ts';
import { fmt } from './format.ts';

export function cell(value: Cell | undefined): string {
  if (value === undefined || value === null) return '<td class="muted">—</td>';
  if (typeof value === 'number') return `<td class="num">${esc(fmt(value))}</td>`;
  if (typeof value === 'boolean') return `<td class="${value ? 'ok' : 'bad'}">${value ? 'yes' : 'no'}</td>`;
  return `<td>${esc(value)}</td>`;
}

export function metaTable(meta: ExtractedRows['meta']): string {
  if (meta.length === 0) return '';
  return `<table><tbody>${meta.map(([k, v]) => `<tr><th>${esc(k)}</th>${cell(v)}</tr>`).join('')}</tbody></table>`;
}

export const warningList = (warnings: readonly string[]): string =>
  warnings.map((w) => `<p class="warn">warning: ${esc(w)}</p>`).join('');

