/**
 * End to end: runs fixture test files through vitest (forks pool) with this reporter loaded by path, then reads what
 * it wrote. This is what proves task.meta survives the worker → reporter hop, and that a failed or aborted run never
 * leaves an earlier green report behind.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseResults } from './load-results.ts';
import type { ReportResults } from './schema.ts';
import { keepSuitesReport, writeReport } from './write-report.ts';
import { runFixture, type FixtureRun } from '../../test/report/e2e/run-fixture.ts';
import { greenGpuRun, runResults, testEntry } from '../../test/report/runs.ts';
import { SYNTHETIC_MUTANTS } from '../../test/report/synthetic-artifacts.ts';

const tmp = mkdtempSync(join(tmpdir(), 'sampling-reporter-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A report directory holding the green report of an earlier GPU run. */
function greenDir(name: string): string {
  const dir = join(tmp, name);
  expect(writeReport(dir, greenGpuRun()).verdict.status).toBe('verified');
  return dir;
}

describe('SamplingReporter (end to end)', () => {
  const out = join(tmp, 'records');
  let run: FixtureRun;
  let results: ReportResults;
  let html = '';

  beforeAll(() => {
    // An artifact a script left in the report directory before the run: shown, but stale (written before the run).
    writeFileSync(join(greenDir('records'), 'mutants.json'), JSON.stringify(SYNTHETIC_MUTANTS));
    run = runFixture(out);
    results = parseResults(run.json ?? '');
    html = run.html ?? '';
  }, 150_000);

  test('the inner run fails because of its deliberate failure only', () => {
    expect(run.status, run.log).toBe(1);
    expect(results.summary).toEqual({ passed: 1, failed: 1, skipped: 2 });
    expect(results.run).toEqual({ end: 'failed' });
    expect(Date.parse(results.startedAt ?? '')).toBeLessThanOrEqual(Date.parse(results.createdAt));
  });

  test('the last line of the run is the verdict, naming what failed first', () => {
    expect(run.lastLine).toBe('sampling verdict: FAILED — topk<x>: ties failed in 1 of 1 runs (and 1 more) [1 stale artifact(s) left out]');
    expect(html).toContain('FAILED');
  });

  test('records made in tests reach the reporter, grouped by kernel and tagged with their test', () => {
    const k = results.kernels['topk<x>'];
    expect(k?.checks.map((c) => [c.check, c.ok, c.test])).toEqual([
      ['range', true, 'test/report/e2e/records.fixture.ts > topk <b> > passes with records'],
      ['ties', false, 'test/report/e2e/records.fixture.ts > topk <b> > fails after recording'],
    ]);
    expect(k?.checks[1]?.findings[0]).toEqual({ row: 1, index: 7, message: 'tie dropped', values: { w: 'NaN' } });
    expect(k?.timings[0]).toMatchObject({ batch: 4, vocab: 1000, ms: 0.25, budgetMs: 20, bytes: 16_000 });
    expect(k?.reproduce[0]?.seed).toBe('18446744073709551615');
  });

  test('a record made in a file-level beforeAll reaches the report as the device', () => {
    expect(results.device).toEqual({ available: true, name: 'fixture GPU', arch: 'sm_90', compiler: 'nvcc 13' });
  });

  test('test entries carry state, skip reasons, errors and durations', () => {
    const byName = new Map(results.tests.map((t) => [t.name, t]));
    expect(byName.get('skips with a reason')).toMatchObject({ state: 'skipped', skipReason: 'no GPU: fixture reason' });
    expect(byName.get('not written yet')).toMatchObject({ state: 'skipped', skipReason: 'todo' });
    expect(byName.get('fails after recording')?.errors[0]?.message).toMatch(/deliberate failure/);
    expect(byName.get('passes with records')).toMatchObject({ file: 'test/report/e2e/records.fixture.ts', project: '', recorded: 3 });
    expect(byName.get('passes with records')?.durationMs).toBeGreaterThanOrEqual(0);
    expect(results.environment.node).toBe(process.version);
    if (results.git.commit !== undefined) expect(results.git.commit).toMatch(/^[0-9a-f]{40,64}$/);
  });

  test('index.html is written and escapes the recorded names', () => {
    expect(html).toContain('<section id="kernels">');
    expect(html).toContain('topk&lt;x&gt;');
    expect(html).not.toContain('topk<x>');
  });

  test('index.html shows an artifact written before the run as stale, and "not run" for absent ones', () => {
    expect(html).toContain('mutation score 2/3');
    expect(html).toMatch(/stale — unknown commit: the file carries no commit stamp/);
    expect(html).toContain('produce it with <code>npm run bench</code>');
  });
});

describe('a failed or aborted run after a green one rewrites the report as FAILED', () => {
  test('a test file that throws at import (a malformed configuration variable)', () => {
    const dir = greenDir('import-error');
    const run = runFixture(dir, { REPORT_E2E_INCLUDE: 'test/report/e2e/import-error.fixture.ts' });
    expect(run.status, run.log).toBe(1);
    const results = parseResults(run.json ?? '');
    expect(results.fileErrors?.[0]).toMatchObject({ file: 'test/report/e2e/import-error.fixture.ts', message: expect.stringContaining('SAMPLING_BUDGET_MS must be') });
    expect(run.html).toContain('did not load');
    expect(run.html).not.toContain('VERIFIED<');
    expect(run.lastLine).toMatch(/^sampling verdict: FAILED — test\/report\/e2e\/import-error\.fixture\.ts did not load: SAMPLING_BUDGET_MS must be/);
  }, 150_000);

  test('a globalSetup that throws: the reporter writes an aborted report (vitest does not pass it the error)', () => {
    const dir = greenDir('setup-throws');
    const run = runFixture(dir, { REPORT_E2E_SETUP: './test/report/e2e/throwing-setup.ts' });
    expect(run.status, run.log).toBe(1);
    expect(run.log).toContain("got 'bogus'");
    const results = parseResults(run.json ?? '');
    expect(results.run).toEqual({ end: 'aborted', cause: 'a startup error (printed above; e.g. a configuration check in globalSetup)' });
    expect(results.tests).toEqual([]);
    expect(run.lastLine).toBe('sampling verdict: FAILED — the run stopped before any test file ran: a startup error (printed above; e.g. a configuration check in globalSetup)');
  }, 150_000);

  test('a globalSetup that calls writeAbortedReport first: its cause is kept', () => {
    const dir = greenDir('setup-writes-cause');
    const run = runFixture(dir, { REPORT_E2E_SETUP: './test/report/e2e/throwing-setup.ts', REPORT_E2E_WRITE_CAUSE: '1' });
    expect(run.status, run.log).toBe(1);
    const results = parseResults(run.json ?? '');
    expect(results.run?.cause).toBe("SAMPLING_BACKEND must be cuda, hip, none or fake (or unset), got 'bogus'");
    expect(run.html).toContain('got &#39;bogus&#39;');
    expect(run.lastLine).toBe("sampling verdict: FAILED — the run stopped before any test file ran: SAMPLING_BACKEND must be cuda, hip, none or fake (or unset), got 'bogus'");
  }, 150_000);

  test('the real suites with a malformed SAMPLING_BUDGET_MS, run with the project\'s own config', () => {
    const dir = greenDir('real-budget');
    const run = runFixture(dir, { SAMPLING_BUDGET_MS: 'abc' }, ['suites/topp']);
    expect(run.status, run.log).toBe(1);
    expect(run.html).toContain('class="verdict failed"');
    expect(run.lastLine).toMatch(/^sampling verdict: FAILED — /);
  }, 150_000);

  test('a malformed SAMPLING_GIT_COMMIT: the report is still written, FAILED with the reason', () => {
    const dir = greenDir('bad-commit');
    const run = runFixture(dir, { SAMPLING_GIT_COMMIT: 'zzz' });
    const results = parseResults(run.json ?? '');
    expect(results.git).toEqual({});
    expect(results.unhandledErrors.map((e) => e.message)).toContain('SAMPLING_GIT_COMMIT must be a git hash of 7 to 64 hex digits, got "zzz"');
    expect(run.lastLine).toMatch(/^sampling verdict: FAILED — /);
  }, 150_000);

  test('no test file matched the filter', () => {
    const dir = greenDir('no-files');
    const run = runFixture(dir, { REPORT_E2E_INCLUDE: 'test/report/e2e/does-not-exist.fixture.ts' });
    expect(run.status, run.log).toBe(1);
    expect(parseResults(run.json ?? '').run).toEqual({ end: 'aborted', cause: 'no test file matched the filter' });
  }, 150_000);
});

describe('records of the harness\'s own unit tests are not kernel results', () => {
  test('a fixture run as project "unit" lists its tests but adds no kernel and no device', () => {
    const run = runFixture(join(tmp, 'unit-project'), { REPORT_E2E_PROJECT: 'unit' });
    const results = parseResults(run.json ?? '');
    expect(results.tests.map((t) => t.project)).toEqual(['unit', 'unit', 'unit', 'unit']);
    expect(results.kernels).toEqual({});
    expect(results.device).toBeUndefined();
  }, 150_000);
});

describe('keepSuitesReport', () => {
  const unit = { ...testEntry('parses env', 'passed'), project: 'unit' };
  const existing = (...states: ('passed' | 'failed' | 'skipped')[]): string =>
    JSON.stringify({ schema: 1, tests: states.map((s) => testEntry(`t-${s}`, s)) });
  test('a successful unit-only run keeps a report that holds suite tests that ran', () => {
    expect(keepSuitesReport(runResults({ tests: [unit] }), existing('passed', 'failed'))).toMatch(/report of 2 suite tests is kept/);
  });
  test('a unit-only run that failed, was interrupted, aborted or had an unhandled error replaces it', () => {
    const green = existing('passed');
    expect(keepSuitesReport(runResults({ tests: [{ ...unit, state: 'failed' }] }), green)).toBeUndefined();
    expect(keepSuitesReport(runResults({ tests: [unit], run: { end: 'interrupted' } }), green)).toBeUndefined();
    expect(keepSuitesReport(runResults({ run: { end: 'aborted', cause: 'x' } }), green)).toBeUndefined();
    expect(keepSuitesReport(runResults({ tests: [unit], unhandledErrors: [{ message: 'boom' }] }), green)).toBeUndefined();
  });
  test('a run with suite tests (even all skipped) replaces it; nothing or only skipped suites is not worth keeping', () => {
    expect(keepSuitesReport(runResults({ tests: [testEntry('x', 'skipped')] }), existing('passed'))).toBeUndefined();
    expect(keepSuitesReport(runResults({ tests: [unit] }), null)).toBeUndefined();
    expect(keepSuitesReport(runResults({ tests: [unit] }), existing('skipped'))).toBeUndefined();
    expect(keepSuitesReport(runResults({ tests: [unit] }), '{not json')).toBeUndefined();
  });
});
