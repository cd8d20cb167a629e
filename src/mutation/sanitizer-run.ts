/**
 * Runs suites under compute-sanitizer and summarizes its findings per kernel. `--target-processes all` because GPU
 * work happens in the harness's worker, a grandchild of the vitest process; `--log-file <dir>/%p.log` keeps each
 * process's report apart from vitest's own output. Kernels run 10-100x slower under the tool, so the watchdog
 * budget is raised (a hang mutant is not what sanitizer mode looks for).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runSuites, type SuiteRun } from './run-vitest.ts';
import { mergeSanitizerLogs, parseSanitizerLog, type SanitizerLog } from './sanitizer-log.ts';
import type { SanitizerTool } from './spec.ts';

export const SANITIZER_BUDGET_MS = 120_000;

export function sanitizerWrapper(tool: SanitizerTool, logDir: string, executable = 'compute-sanitizer'): string[] {
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
  readonly executable?: string;
}): Promise<SanitizedRun> {
  const logDir = path.join(o.workDir, `${o.tool}-logs`);
  const suites = await runSuites({
    repoRoot: o.repoRoot,
    families: o.families,
    kernelDir: o.kernelDir,
    workDir: o.workDir,
    timeoutMs: o.timeoutMs,
    wrapper: sanitizerWrapper(o.tool, logDir, o.executable),
    env: { SAMPLING_BUDGET_MS: String(SANITIZER_BUDGET_MS), SAMPLING_BACKEND: 'cuda' },
  });
  return { tool: o.tool, kernelDir: o.kernelDir, families: o.families, log: await readSanitizerLogs(logDir), suites };
}
