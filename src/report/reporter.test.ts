/**
 * End to end: runs a fixture test file through vitest (forks pool) with this reporter loaded by path, then
 * reads what it wrote. This is what proves task.meta survives the worker → reporter hop.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseResults } from './load-results.ts';
import type { ReportResults, TestEntry } from './schema.ts';
import { SYNTHETIC_MUTANTS } from '../../test/report/synthetic-artifacts.ts';
import { keepSuitesReport, REPORT_DIR_ENV, reportDir } from './write-report.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const config = fileURLToPath(new URL('../../test/report/e2e/vitest.e2e.config.ts', import.meta.url));
const vitestBin = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');

describe('SamplingReporter (end to end)', () => {
  const out = mkdtempSync(join(tmpdir(), 'sampling-reporter-'));
  let status: number | null = null;
  let log = '';
  let results: ReportResults;
  let html = '';

  beforeAll(() => {
    // An artifact a script left in the report directory before the run must be picked up by the reporter.
    writeFileSync(join(out, 'mutants.json'), JSON.stringify(SYNTHETIC_MUTANTS));
    const env: NodeJS.ProcessEnv = { ...process.env, [REPORT_DIR_ENV]: out };
    // The outer run's own vitest variables would make the inner one think it is a worker.
    for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'TEST') delete env[key];
    const run = spawnSync(process.execPath, [vitestBin, 'run', '--config', config], { cwd: repoRoot, env, encoding: 'utf8', timeout: 120_000 });
    status = run.status;
    log = `${run.stdout}\n${run.stderr}`;
    results = parseResults(readFileSync(join(out, 'results.json'), 'utf8'));
    html = readFileSync(join(out, 'index.html'), 'utf8');
  }, 150_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('the inner run fails because of its deliberate failure only', () => {
    expect(status, log).toBe(1);
    expect(results.summary).toEqual({ passed: 1, failed: 1, skipped: 2 });
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

  test('index.html includes artifacts present in the report directory, and "not run" for the others', () => {
    expect(html).toContain('mutation score 2/3');
    expect(html).toContain('produce it with <code>npm run bench</code>');
  });
});

describe('keepSuitesReport', () => {
  const entry = (project: string, state: 'passed' | 'failed' | 'skipped'): TestEntry =>
    state === 'skipped'
      ? { file: 'f', name: 'n', fullName: 'n', project, recorded: 0, state, skipReason: 'no GPU', errors: [] }
      : { file: 'f', name: 'n', fullName: 'n', project, recorded: 0, state, errors: [] };
  const existing = (...tests: TestEntry[]): string => JSON.stringify({ schema: 1, tests });
  test('a unit-only run keeps a report that holds suite tests that ran', () => {
    expect(keepSuitesReport([entry('unit', 'passed')], existing(entry('suites', 'passed'), entry('suites', 'failed')))).toMatch(/report of 2 suite tests is kept/);
  });
  test('a run with suite tests (even all skipped) replaces it; nothing or only skipped suites is not worth keeping', () => {
    expect(keepSuitesReport([entry('suites', 'skipped')], existing(entry('suites', 'passed')))).toBeUndefined();
    expect(keepSuitesReport([entry('unit', 'passed')], null)).toBeUndefined();
    expect(keepSuitesReport([entry('unit', 'passed')], existing(entry('suites', 'skipped'), entry('unit', 'passed')))).toBeUndefined();
    expect(keepSuitesReport([entry('unit', 'passed')], '{not json')).toBeUndefined();
  });
});

describe('reportDir', () => {
  test('defaults to <root>/reports and honours SAMPLING_REPORT_DIR', () => {
    expect(reportDir('/r', {})).toBe('/r/reports');
    expect(reportDir('/r', { [REPORT_DIR_ENV]: '' })).toBe('/r/reports');
    expect(reportDir('/r', { [REPORT_DIR_ENV]: 'out/x' })).toBe('/r/out/x');
    expect(reportDir('/r', { [REPORT_DIR_ENV]: '/abs' })).toBe('/abs');
  });
});
