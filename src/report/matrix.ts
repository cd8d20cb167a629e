/**
 * The kernels × checks matrix: for every kernel and every check any kernel ran, whether it passed, failed, was not
 * applicable (the manifest rules it out) or did not run. The single-run headline, the verdict and compare mode all
 * read this one model.
 */
import type { CheckScope, KernelResults, ReportResults, TestState } from './schema.ts';

export type CellState = 'passed' | 'failed' | 'not-applicable' | 'not-run';

export interface MatrixCell {
  readonly state: CellState;
  readonly runs: number;
  readonly failed: number;
  /** The declaration that rules the check out (not-applicable cells). */
  readonly declared?: string;
}

export interface MatrixColumn {
  readonly check: string;
  readonly scope: CheckScope;
}

export interface MatrixRow {
  readonly kernel: string;
  readonly cells: Readonly<Record<string, MatrixCell>>;
}

export interface CheckMatrix {
  readonly columns: readonly MatrixColumn[];
  readonly rows: readonly MatrixRow[];
}

/** Columns derived from records that are not check records: the goodness-of-fit tests and the watchdog budget. */
export const CHI_SQUARE_CHECK = 'chi-square';
export const BUDGET_CHECK = 'watchdog budget';

type StateOf = (test: string) => TestState | undefined;

interface Tally {
  runs: number;
  failed: number;
  declared?: string;
}

/** Every check run of one kernel as (check, failed, scope). */
function runsOf(k: KernelResults, stateOf: StateOf): { check: string; failed: boolean; scope: CheckScope }[] {
  return [
    ...k.checks.map((c) => ({ check: c.check, failed: !c.ok, scope: c.scope ?? 'universal' })),
    // A chi-square record carries no verdict of its own: its test fails when the family's Holm-adjusted test rejects.
    ...k.chiSquare.map((c) => ({ check: CHI_SQUARE_CHECK, failed: stateOf(c.test) === 'failed', scope: 'universal' as const })),
    ...k.timings.map((t) => ({ check: BUDGET_CHECK, failed: t.ms > t.budgetMs, scope: 'universal' as const })),
  ];
}

function cellOf(t: Tally | undefined): MatrixCell {
  if (t === undefined) return { state: 'not-run', runs: 0, failed: 0 };
  const declared = t.declared === undefined ? {} : { declared: t.declared };
  const state: CellState = t.failed > 0 ? 'failed' : t.runs > 0 ? 'passed' : t.declared !== undefined ? 'not-applicable' : 'not-run';
  return { state, runs: t.runs, failed: t.failed, ...declared };
}

export function stateLookup(results: ReportResults): StateOf {
  const states = new Map<string, TestState>(results.tests.map((t) => [`${t.file} > ${t.fullName}`, t.state]));
  return (source) => states.get(source);
}

export function checkMatrix(results: ReportResults): CheckMatrix {
  const stateOf = stateLookup(results);
  const scopes = new Map<string, CheckScope>();
  const rows: MatrixRow[] = [];
  const tallies = new Map<string, Map<string, Tally>>();
  for (const [kernel, k] of Object.entries(results.kernels)) {
    const byCheck = new Map<string, Tally>();
    for (const r of runsOf(k, stateOf)) {
      const t = byCheck.get(r.check) ?? { runs: 0, failed: 0 };
      t.runs += 1;
      if (r.failed) t.failed += 1;
      byCheck.set(r.check, t);
      if (scopes.get(r.check) !== 'contract') scopes.set(r.check, r.scope);
    }
    for (const na of k.notApplicable ?? []) {
      const t = byCheck.get(na.check) ?? { runs: 0, failed: 0 };
      t.declared ??= na.declared;
      byCheck.set(na.check, t);
      scopes.set(na.check, 'contract');
    }
    if (byCheck.size > 0) tallies.set(kernel, byCheck);
  }
  const names = [...scopes.keys()];
  const columns = [...names.filter((c) => scopes.get(c) === 'universal'), ...names.filter((c) => scopes.get(c) === 'contract')]
    .map((check) => ({ check, scope: scopes.get(check) as CheckScope }));
  for (const [kernel, byCheck] of tallies) {
    rows.push({ kernel, cells: Object.fromEntries(columns.map((c) => [c.check, cellOf(byCheck.get(c.check))])) });
  }
  return { columns, rows };
}

/** Kernels that ran at least one check, test or launch. */
export const kernelsThatRan = (m: CheckMatrix): string[] =>
  m.rows.filter((r) => Object.values(r.cells).some((c) => c.runs > 0)).map((r) => r.kernel);

/** "kernel: check failed in 3 of 40 runs", one per failed cell. */
export function failedCells(m: CheckMatrix): string[] {
  return m.rows.flatMap((r) =>
    m.columns
      .map((c) => [c.check, r.cells[c.check]] as const)
      .filter(([, cell]) => cell?.state === 'failed')
      .map(([check, cell]) => `${r.kernel}: ${check} failed in ${cell?.failed} of ${cell?.runs} runs`),
  );
}
