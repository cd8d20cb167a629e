import { describe, expect, it } from 'vitest';
import { classifyMutant, matchesCheck, newFailures, unjudgedMutant } from './classify.ts';
import type { MutantSpec } from './spec.ts';
import type { TestFailure, VitestOutcome } from './vitest-json.ts';

const spec: MutantSpec = {
  id: 'hang',
  bugClass: 'nonterminating-loop',
  description: 'loops forever on an all-zero row, for the test',
  file: 'include/x.h',
  find: 'a',
  replace: 'b // MUTANT(hang): loops',
  expectedKill: { by: 'suite', family: 'sample', check: 'watchdog' },
  families: ['sample'],
  compileUnits: ['sampling.hip'],
};
const fail = (family: string, name: string, messages: string[] = []): TestFailure => ({ file: `/r/suites/${family}/a.test.ts`, family, name, messages });
const outcome = (failures: TestFailure[]): VitestOutcome => ({ passed: 10, failed: failures.length, skipped: 0, files: 1, failures });

describe('classifyMutant', () => {
  it('killed by the expected check (matched in a failure message)', () => {
    const r = classifyMutant(spec, outcome([fail('sample', 'zero rows', ['sampling_from_probs: watchdog: still running'])]), outcome([]), 5);
    expect(r).toMatchObject({ killed: true, matchedExpectation: true, killedBy: ['sample › zero rows'], expectedKill: 'suite:sample:watchdog' });
  });
  it('killed by another check only: killed, not matched', () => {
    const r = classifyMutant(spec, outcome([fail('sample', 'exact replay')]), null, 1);
    expect(r).toMatchObject({ killed: true, matchedExpectation: false });
  });
  it('failures already failing on the baseline do not kill', () => {
    const f = fail('sample', 'watchdog flaky');
    const r = classifyMutant(spec, outcome([f]), outcome([f]), 1);
    expect(r).toMatchObject({ killed: false, killedBy: [] });
    expect(newFailures(outcome([f]), outcome([]))).toHaveLength(1);
  });
  it('a failure in another family does not match the expected check', () => {
    expect(matchesCheck(fail('topk', 'watchdog'), 'sample', 'watchdog')).toBe(false);
    expect(matchesCheck(fail('sample', 'WatchDog case'), 'sample', 'watchdog')).toBe(true);
  });
  it('sanitizer verdicts', () => {
    const s: MutantSpec = { ...spec, expectedKill: { by: 'sanitizer', tool: 'racecheck' } };
    expect(classifyMutant(s, outcome([]), null, 1, { tool: 'racecheck', errors: 3 })).toMatchObject({ killed: true, matchedExpectation: true, killedBy: ['sanitizer:racecheck'] });
    expect(classifyMutant(s, outcome([]), null, 1, { tool: 'racecheck', errors: 0 })).toMatchObject({ killed: false, matchedExpectation: false });
    expect(classifyMutant(s, outcome([]), null, 1, { tool: 'racecheck', errors: null }).killed).toBe(false);
  });
  it('an unjudged run survives with its reason', () => {
    expect(unjudgedMutant(spec, 'vitest wrote no report', 2)).toMatchObject({ killed: false, error: 'vitest wrote no report' });
  });
});
