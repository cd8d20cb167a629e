/** Writes results.json and index.html into the report directory, with any artifact files already there. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadArtifacts } from './artifacts.ts';
import { renderReport } from './render.ts';
import type { ReportResults, TestEntry } from './schema.ts';

export const REPORT_DIR_ENV = 'SAMPLING_REPORT_DIR';

/** `SAMPLING_REPORT_DIR` if set (relative to root), else `<root>/reports`. */
export function reportDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[REPORT_DIR_ENV];
  return resolve(root, fromEnv !== undefined && fromEnv !== '' ? fromEnv : 'reports');
}

export function writeReport(dir: string, results: ReportResults): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'results.json');
  const html = join(dir, 'index.html');
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(html, renderReport(results, loadArtifacts(dir)));
  return { json, html };
}

/** The project whose tests are the verification suites (vitest.config.ts). */
export const SUITES_PROJECT = 'suites';

const ranTest = (t: { project?: unknown; state?: unknown }): boolean =>
  t.project === SUITES_PROJECT && (t.state === 'passed' || t.state === 'failed');

/**
 * Why a run must not replace the report in `existingJson` (undefined when it may): a run without a single
 * verification-suite test (`vitest run --project unit`, one harness file) would otherwise overwrite the suites'
 * report, which is what a reviewer reads, with one that has no kernel in it. The suites always replace it.
 */
export function keepSuitesReport(incoming: readonly TestEntry[], existingJson: string | null): string | undefined {
  if (incoming.some((t) => t.project === SUITES_PROJECT) || existingJson === null) return undefined;
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
