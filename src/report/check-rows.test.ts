import { describe, expect, test } from 'vitest';
import { aggregateChecks, MAX_FAILED_RUNS_SHOWN } from './check-rows.ts';
import type { CheckRecord, Sourced } from './schema.ts';

const run = (check: string, ok: boolean, test: string, caseName?: string): CheckRecord & Sourced => ({
  kernel: 'softmax', check, ok, checked: 3, test, findingCount: ok ? 0 : 1,
  findings: ok ? [] : [{ row: 0, message: 'bad' }], ...(caseName === undefined ? {} : { case: caseName }),
});

describe('aggregateChecks', () => {
  test('one row per check with totals; failing rows first, first failures kept', () => {
    const checks = [run('a', true, 't1', 'x'), run('a', true, 't2', 'y'), ...Array.from({ length: 7 }, (_, i) => run('b', i % 2 === 0, 't3', `c${i}`))];
    const rows = aggregateChecks(checks, (t) => (t === 't3' ? 'failed' : 'passed'));
    expect(rows.map((r) => r.check)).toEqual(['b', 'a']);
    const [b, a] = rows;
    expect(b).toMatchObject({ check: 'b', runs: 7, passed: 4, failed: 3, checked: 21, cases: 7, tests: 1, failedTests: 1 });
    expect(b?.failures.map((f) => f.case)).toEqual(['c1', 'c3', 'c5']);
    expect(a).toMatchObject({ check: 'a', runs: 2, passed: 2, failed: 0, cases: 2, tests: 2, failedTests: 0 });
  });
  test('keeps at most MAX_FAILED_RUNS_SHOWN failing runs but counts all', () => {
    const rows = aggregateChecks(Array.from({ length: 9 }, () => run('c', false, 't')), () => 'failed');
    expect(rows[0]?.failed).toBe(9);
    expect(rows[0]?.failures).toHaveLength(MAX_FAILED_RUNS_SHOWN);
  });
});
