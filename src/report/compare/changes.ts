/** Verdict changes between two runs' kernels × checks matrices: what the change broke, dropped, added or fixed. */
import type { CheckMatrix, MatrixCell } from '../matrix.ts';
import type { CheckScope } from '../schema.ts';
import type { ChangeKind, CompareMatrix, SideState, VerdictChange } from './model.ts';

/** Most urgent first: this is the order a reviewer reads them in. */
export const CHANGE_ORDER: readonly ChangeKind[] = ['regression', 'new-failure', 'no-longer-run', 'now-not-applicable', 'removed-kernel', 'new-kernel', 'fixed'];

export function compareMatrices(base: CheckMatrix, head: CheckMatrix): CompareMatrix {
  const scopes = new Map<string, CheckScope>();
  for (const c of [...base.columns, ...head.columns]) if (scopes.get(c.check) !== 'contract') scopes.set(c.check, c.scope);
  const names = [...scopes.keys()];
  const columns = [...names.filter((c) => scopes.get(c) === 'universal'), ...names.filter((c) => scopes.get(c) === 'contract')]
    .map((check) => ({ check, scope: scopes.get(check) as CheckScope }));
  const b = new Map(base.rows.map((r) => [r.kernel, r.cells]));
  const h = new Map(head.rows.map((r) => [r.kernel, r.cells]));
  const kernels = [...new Set([...b.keys(), ...h.keys()])].sort();
  const side = (cells: Readonly<Record<string, MatrixCell>> | undefined, check: string): SideState =>
    cells === undefined ? 'absent' : (cells[check]?.state ?? 'not-run');
  return {
    columns,
    rows: kernels.map((kernel) => ({
      kernel,
      cells: Object.fromEntries(columns.map((c) => [c.check, { base: side(b.get(kernel), c.check), head: side(h.get(kernel), c.check) }])),
    })),
  };
}

function cellChange(kernel: string, check: string, base: SideState, head: SideState, declared: string | undefined): VerdictChange | undefined {
  const at = `${kernel}: ${check}`;
  if (base === 'passed' && head === 'failed') return { kind: 'regression', kernel, check, text: `${at} passed on base and fails on head` };
  if (base !== 'failed' && head === 'failed') {
    return { kind: 'new-failure', kernel, check, text: `${at} fails on head (${base === 'absent' ? 'a kernel new on head' : `${base} on base`})` };
  }
  if (base === 'failed' && head === 'passed') return { kind: 'fixed', kernel, check, text: `${at} failed on base and passes on head` };
  if (base === 'passed' && head === 'not-run') return { kind: 'no-longer-run', kernel, check, text: `${at} passed on base and did not run on head` };
  if ((base === 'passed' || base === 'failed') && head === 'not-applicable') {
    return { kind: 'now-not-applicable', kernel, check, text: `${at} ran on base and is now not applicable (declared ${declared ?? '?'})` };
  }
  return undefined;
}

export function verdictChanges(head: CheckMatrix, m: CompareMatrix): VerdictChange[] {
  const headCells = new Map(head.rows.map((r) => [r.kernel, r.cells]));
  const changes: VerdictChange[] = [];
  for (const row of m.rows) {
    const states = Object.values(row.cells);
    if (states.every((c) => c.base === 'absent')) {
      changes.push({ kind: 'new-kernel', kernel: row.kernel, text: `${row.kernel} is new on head` });
    } else if (states.every((c) => c.head === 'absent')) {
      changes.push({ kind: 'removed-kernel', kernel: row.kernel, text: `${row.kernel} was on base and is not on head` });
    }
    for (const [check, c] of Object.entries(row.cells)) {
      const change = cellChange(row.kernel, check, c.base, c.head, headCells.get(row.kernel)?.[check]?.declared);
      if (change !== undefined) changes.push(change);
    }
  }
  const rank = (c: VerdictChange): number => CHANGE_ORDER.indexOf(c.kind);
  return changes.sort((a, b) => rank(a) - rank(b));
}
