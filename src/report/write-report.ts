/**
 * Writes results.json and index.html into the report directory, with any artifact files already there, and returns
 * the verdict both show. Every run rewrites the report except a successful run without a verification-suite test,
 * which keeps the suites' report a reviewer reads; a failed or aborted run always replaces it with its FAILED report.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingAlone } from '../config/index.ts';
import { judgeArtifacts } from './artifact-judge.ts';
import { loadArtifacts } from './artifacts.ts';
import { buildResults } from './collect.ts';
import { runEnvironment } from './environment.ts';
import { gitCommitOrError } from './git-commit.ts';
import { renderReport } from './render.ts';
import type { ReportResults } from './schema.ts';
import { verdictOf, type Verdict } from './verdict.ts';

/**
 * The configured report directory (SAMPLING_REPORT_DIR, default `reports/`). Never throws: the report of a run that
 * stopped on a malformed setting must still reach it, so this one setting is read on its own then.
 */
export function reportDir(): string {
  return settingAlone('reportDir').value;
}

export interface Written {
  readonly json: string;
  readonly html: string;
  readonly verdict: Verdict;
}

export function writeReport(dir: string, results: ReportResults): Written {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'results.json');
  const html = join(dir, 'index.html');
  const artifacts = loadArtifacts(dir);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(html, renderReport(results, artifacts));
  return { json, html, verdict: verdictOf(results, judgeArtifacts(artifacts, results)) };
}

/**
 * For a run that stops before any test runs (a configuration check in a vitest globalSetup, a CLI): replaces the
 * report with a FAILED one naming `cause`, so the previous run's report cannot be mistaken for this one's.
 * `root` is the repository (for the commit); `dir` defaults to the configured report directory. A malformed
 * SAMPLING_GIT_COMMIT (possibly the very cause) leaves the commit out rather than throwing.
 */
export function writeAbortedReport(cause: string, root: string = process.cwd(), dir: string = reportDir()): Written {
  const now = new Date().toISOString();
  const { commit } = gitCommitOrError(root);
  return writeReport(dir, buildResults({
    createdAt: now,
    startedAt: now,
    run: { end: 'aborted', cause },
    ...(commit === undefined ? {} : { commit }),
    environment: runEnvironment(),
    tests: [],
    recorded: [],
    unhandledErrors: [],
  }));
}

/** The project whose tests are the verification suites (vitest.config.ts). */
export const SUITES_PROJECT = 'suites';

const ranTest = (t: { project?: unknown; state?: unknown }): boolean =>
  t.project === SUITES_PROJECT && (t.state === 'passed' || t.state === 'failed');

/**
 * Why `incoming` must not replace the report in `existingJson` (undefined when it must): a successful run without a
 * single verification-suite test (`vitest run --project unit`, one harness file) would otherwise overwrite the
 * suites' report with one that has no kernel in it. A run that failed in any way always replaces it.
 */
export function keepSuitesReport(incoming: ReportResults, existingJson: string | null): string | undefined {
  if (incoming.tests.some((t) => t.project === SUITES_PROJECT) || existingJson === null) return undefined;
  if (verdictOf(incoming).status === 'failed') return undefined;
  let tests: unknown;
  try {
    tests = (JSON.parse(existingJson) as { tests?: unknown }).tests;
  } catch {
    return undefined; // unreadable: nothing worth keeping
  }
  const kept = Array.isArray(tests) ? tests.filter((t): t is { project?: unknown; state?: unknown } => typeof t === 'object' && t !== null && ranTest(t)).length : 0;
  return kept > 0 ? `this run has no verification-suite test; the report of ${kept} suite tests is kept` : undefined;
}

export function existingResults(dir: string): string | null {
  const json = join(dir, 'results.json');
  return existsSync(json) ? readFileSync(json, 'utf8') : null;
}
