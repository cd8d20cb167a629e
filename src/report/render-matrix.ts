/** The kernels × checks matrix as a compact table: one row per kernel, one narrow column per check. */
import { esc, slug } from './escape.ts';
import type { CellState, CheckMatrix, MatrixCell } from './matrix.ts';

const SYMBOL: Readonly<Record<CellState, string>> = { passed: '✓', failed: '✗', 'not-applicable': 'n/a', 'not-run': '·' };

/** The cell's tooltip (the row and column headers name the kernel and the check). */
function tip(c: MatrixCell): string {
  switch (c.state) {
    case 'passed': return `passed (${c.runs} runs)`;
    case 'failed': return `FAILED in ${c.failed} of ${c.runs} runs`;
    case 'not-applicable': return `not applicable: declared ${c.declared ?? '?'}`;
    case 'not-run': return 'not run';
  }
}

export const MATRIX_LEGEND =
  '<p class="legend"><span><i class="c-passed" style="background:#dafbe1"></i>✓ passed</span><span><i style="background:#ffebe9"></i>✗ failed</span>' +
  '<span><i style="background:#f6f8fa"></i>n/a not applicable (the manifest declares otherwise)</span><span><i></i>· not run</span>' +
  '<span><i style="font-style:italic;border:0;width:auto">italic</i> contract check (only for kernels that declare its promise)</span></p>';

export function matrixTable(m: CheckMatrix): string {
  if (m.rows.length === 0) return '<p class="muted">No kernel recorded a check.</p>';
  const head = m.columns.map((c) => `<th class="col ${c.scope}" title="${esc(`${c.check} (${c.scope})`)}">${esc(c.check)}</th>`).join('');
  const rows = m.rows.map((r) => {
    const failing = Object.values(r.cells).some((c) => c.state === 'failed');
    const cells = m.columns.map((c) => {
      const cell = r.cells[c.check] ?? { state: 'not-run' as const, runs: 0, failed: 0 };
      return `<td class="c-${cell.state}" title="${esc(tip(cell))}">${SYMBOL[cell.state]}</td>`;
    }).join('');
    return `<tr class="${failing ? 'failing' : 'passing'}"><th class="row"><a href="#${slug('kernel', r.kernel)}">${esc(r.kernel)}</a></th>${cells}</tr>`;
  });
  return `<table class="matrix"><thead><tr><th></th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>${MATRIX_LEGEND}`;
}
