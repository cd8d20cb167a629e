/**
 * Reads vitest's `--reporter=json` output (the Jest-compatible shape) into the failures a mutation run cares about.
 * A file that fails outside any test (a throwing beforeAll, an import error) is a failure too: a watchdog kill in a
 * setup hook must count.
 */
import { errorMessage } from '../errors.ts';

export interface TestFailure {
  /** Path of the test file as vitest reported it (absolute). */
  readonly file: string;
  /** The suite family: the folder after `suites/` in `file`, or null when the file is not under suites/. */
  readonly family: string | null;
  /** Test full name (describe titles + title), or `(file)` for a file-level failure. */
  readonly name: string;
  readonly messages: readonly string[];
}

export interface VitestOutcome {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly files: number;
  readonly failures: readonly TestFailure[];
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

function isObject(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: { [k: string]: Json }, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new TypeError(`vitest report: ${where}.${key} must be a string`);
  return v;
}

function arr(o: { [k: string]: Json }, key: string, where: string): Json[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new TypeError(`vitest report: ${where}.${key} must be an array`);
  return v;
}

/** The family of a test file: `<...>/suites/<family>/<...>`. */
export function familyOf(file: string): string | null {
  const m = /(?:^|[\\/])suites[\\/]([^\\/]+)[\\/]/.exec(file);
  return m?.[1] ?? null;
}

/** Parses the JSON text vitest wrote; throws a TypeError naming the malformed field. */
export function parseVitestJson(text: string): VitestOutcome {
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (e) {
    throw new TypeError(`vitest report is not JSON: ${errorMessage(e)}`);
  }
  if (!isObject(root)) throw new TypeError('vitest report: root must be an object');
  const failures: TestFailure[] = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const results = arr(root, 'testResults', 'root');
  results.forEach((fileResult, i) => {
    const where = `testResults[${i}]`;
    if (!isObject(fileResult)) throw new TypeError(`vitest report: ${where} must be an object`);
    const file = str(fileResult, 'name', where);
    const family = familyOf(file);
    let failedInFile = 0;
    arr(fileResult, 'assertionResults', where).forEach((a, j) => {
      const w = `${where}.assertionResults[${j}]`;
      if (!isObject(a)) throw new TypeError(`vitest report: ${w} must be an object`);
      const status = str(a, 'status', w);
      if (status === 'passed') passed++;
      else if (status === 'failed') {
        failed++;
        failedInFile++;
        const messages = arr(a, 'failureMessages', w).filter((m): m is string => typeof m === 'string');
        failures.push({ file, family, name: str(a, 'fullName', w), messages });
      } else skipped++;
    });
    const fileStatus = str(fileResult, 'status', where);
    const message = typeof fileResult.message === 'string' ? fileResult.message : '';
    if (fileStatus === 'failed' && failedInFile === 0) {
      failures.push({ file, family, name: '(file)', messages: message ? [message] : [] });
    }
  });
  return { passed, failed, skipped, files: results.length, failures };
}

/** Stable identity of a failure across runs (baseline vs mutant). */
export function failureKey(f: TestFailure): string {
  return `${f.family ?? '?'}::${f.file.replace(/^.*[\\/]suites[\\/]/, 'suites/')}::${f.name}`;
}
