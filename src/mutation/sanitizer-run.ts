/**
 * Runs suites under compute-sanitizer and summarizes its findings per kernel. `--target-processes all` because GPU
 * work happens in the harness's worker, a grandchild of the vitest process; `--log-file <dir>/%p.log` keeps each
 * process's report apart from vitest's own output. Kernels run 10-100x slower under the tool, so the watchdog
 * budget is raised (a hang mutant is not what sanitizer mode looks for).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { childEnv, config } from '../config/index.ts';
import { runSuites, type SuiteRun } from './run-vitest.ts';
import { mergeSanitizerLogs, parseSanitizerLog, type SanitizerLog } from './sanitizer-log.ts';
import type { SanitizerTool } from './spec.ts';

export const SANITIZER_BUDGET_MS = 120_000;

/**
 * The tests run under a sanitizer (a vitest name pattern): the committed-fixture (and edge-row) tests of each family,
 * and speculative sampling's replay shapes (every draft/target pair kind and bad row). Their rows are small, so every
 * kernel runs every code path (invalid rows, ties, boundaries) in seconds even 100× slowed down; the big watchdog
 * shapes and chi-square draws would take hours under racecheck and add no new code path.
 */
export const SANITIZER_TEST_PATTERN = 'committed fixtures|every pair kind and bad row';

/**
 * Families never run under a sanitizer, each with the reason printed and recorded in sanitizer.json: a family whose
 * every GPU test is a launch the tool would slow past any time limit.
 */
export const SANITIZER_EXCLUDED: Readonly<Record<string, string>> = {
  'large-shape':
    'one launch over more than 2^31 elements (8.6 GB) takes hours under the tool; the kernels it launches are sanitized on small rows by their own families',
};

export interface SanitizerSearch {
  /** COMPUTE_SANITIZER: used as given. */
  readonly explicit: string | null;
  readonly pathDirs: readonly string[];
  /** CUDA_HOME. */
  readonly cudaHome: string | null;
}

/** Where this machine's configuration says to look: COMPUTE_SANITIZER, PATH, CUDA_HOME. */
export function sanitizerSearch(): SanitizerSearch {
  const cfg = config();
  return { explicit: cfg.computeSanitizer, pathDirs: (childEnv().PATH ?? '').split(path.delimiter).filter(Boolean), cudaHome: cfg.cudaHome };
}

/**
 * The compute-sanitizer executable: COMPUTE_SANITIZER, else the first of PATH, $CUDA_HOME/bin and
 * /usr/local/cuda/bin that holds it (the CUDA toolkit's bin is not always on PATH), else null.
 */
export function findSanitizer(search: SanitizerSearch = sanitizerSearch(), exists: (p: string) => boolean = existsSync): string | null {
  if (search.explicit !== null) return search.explicit;
  const dirs = [...search.pathDirs, ...(search.cudaHome !== null ? [path.join(search.cudaHome, 'bin')] : []), '/usr/local/cuda/bin'];
  return dirs.map((d) => path.join(d, 'compute-sanitizer')).find(exists) ?? null;
}

export function sanitizerWrapper(tool: SanitizerTool, logDir: string, executable: string): string[] {
  return [executable, '--tool', tool, '--target-processes', 'all', '--print-limit', '1000', '--log-file', path.join(logDir, '%p.log')];
}

export async function readSanitizerLogs(logDir: string): Promise<SanitizerLog> {
  const names = (await readdir(logDir).catch(() => [] as string[])).filter((n) => n.endsWith('.log')).sort();
  const logs = await Promise.all(names.map(async (n) => parseSanitizerLog(await readFile(path.join(logDir, n), 'utf8'))));
  return mergeSanitizerLogs(logs);
}

export interface SanitizedRun {
  readonly tool: SanitizerTool;
  readonly kernelDir: string;
  readonly families: readonly string[];
  readonly log: SanitizerLog;
  readonly suites: SuiteRun;
}

export async function runSuitesUnderSanitizer(o: {
  readonly repoRoot: string;
  readonly tool: SanitizerTool;
  readonly kernelDir: string;
  readonly families: readonly string[];
  readonly workDir: string;
  readonly timeoutMs: number;
  readonly executable: string;
  /** Default SANITIZER_TEST_PATTERN. */
  readonly testNamePattern?: string;
}): Promise<SanitizedRun> {
  const logDir = path.join(o.workDir, `${o.tool}-logs`);
  await mkdir(logDir, { recursive: true }); // compute-sanitizer does not create the --log-file directory
  const suites = await runSuites({
    repoRoot: o.repoRoot,
    families: o.families,
    kernelDir: o.kernelDir,
    workDir: o.workDir,
    timeoutMs: o.timeoutMs,
    wrapper: sanitizerWrapper(o.tool, logDir, o.executable),
    testNamePattern: o.testNamePattern ?? SANITIZER_TEST_PATTERN,
    // failing rows of a sanitized run (a mutant's) stay in its work folder, never among the repository's regressions
    env: { SAMPLING_BUDGET_MS: String(SANITIZER_BUDGET_MS), SAMPLING_BACKEND: 'cuda', SAMPLING_REGRESSION_DIR: path.join(o.workDir, 'regressions') },
  });
  return { tool: o.tool, kernelDir: o.kernelDir, families: o.families, log: await readSanitizerLogs(logDir), suites };
}

/** Why a sanitized run has no verdict (shown in the report), or undefined when its logs hold a summary. */
export function sanitizedRunNote(r: SanitizedRun): string | undefined {
  if (r.suites.error !== undefined) return r.suites.error;
  if (r.log.complete) return undefined;
  const tests = r.suites.outcome === null ? 'no vitest report' : `${r.suites.outcome.passed} passed, ${r.suites.outcome.failed} failed`;
  return `no sanitizer summary in the logs (${tests}; exit ${r.suites.exitCode}); output tail: ${r.suites.tail.slice(-400)}`;
}
