/**
 * One table row per kernel × check: a full run records the same check thousands of times (every fixture, shape,
 * seed), and a reviewer needs the totals and the failures, not thousands of identical "pass" lines.
 */
import type { CheckRecord, Sourced, TestState } from './schema.ts';

/** Failing runs kept per row for the expandable detail; the counts cover all of them. */
export const MAX_FAILED_RUNS_SHOWN = 5;

export interface CheckRow {
  readonly check: string;
  readonly runs: number;
  readonly passed: number;
  readonly failed: number;
  /** Sum of `checked` (rows or elements the check examined) over all runs. */
  readonly checked: number;
  readonly cases: number;
  readonly tests: number;
  readonly failedTests: number;
  /** The first MAX_FAILED_RUNS_SHOWN failing runs, in recording order. */
  readonly failures: readonly (CheckRecord & Sourced)[];
}

interface Acc {
  check: string;
  runs: number;
  passed: number;
  checked: number;
  cases: Set<string>;
  tests: Set<string>;
  failures: (CheckRecord & Sourced)[];
  failed: number;
}

/** Rows with any failing run (or run in a failed test) first, then in first-recorded order. */
export function aggregateChecks(checks: readonly (CheckRecord & Sourced)[], stateOf: (test: string) => TestState | undefined): CheckRow[] {
  const byCheck = new Map<string, Acc>();
  for (const c of checks) {
    let a = byCheck.get(c.check);
    if (a === undefined) {
      a = { check: c.check, runs: 0, passed: 0, checked: 0, cases: new Set(), tests: new Set(), failures: [], failed: 0 };
      byCheck.set(c.check, a);
    }
    a.runs += 1;
    a.checked += c.checked;
    a.tests.add(c.test);
    if (c.case !== undefined) a.cases.add(c.case);
    if (c.ok) a.passed += 1;
    else {
      a.failed += 1;
      if (a.failures.length < MAX_FAILED_RUNS_SHOWN) a.failures.push(c);
    }
  }
  const rows = [...byCheck.values()].map((a): CheckRow => ({
    check: a.check,
    runs: a.runs,
    passed: a.passed,
    failed: a.failed,
    checked: a.checked,
    cases: a.cases.size,
    tests: a.tests.size,
    failedTests: [...a.tests].filter((t) => stateOf(t) === 'failed').length,
    failures: a.failures,
  }));
  const failing = (r: CheckRow): boolean => r.failed > 0 || r.failedTests > 0;
  return [...rows.filter(failing), ...rows.filter((r) => !failing(r))];
}
