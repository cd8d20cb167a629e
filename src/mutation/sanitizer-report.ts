/**
 * reports/sanitizer.json: compute-sanitizer findings per run and per kernel. Shipped kernels must be clean under
 * every tool; each sanitizer-expected mutant must be caught by its tool.
 */
import type { SanitizerLog } from './sanitizer-log.ts';
import type { SanitizerTool } from './spec.ts';

export const SANITIZER_REPORT_VERSION = 1;

export interface SanitizerRunRecord {
  /** 'kernels' for the shipped kernels, 'mutant:<id>' for a mutant. */
  readonly target: string;
  readonly tool: SanitizerTool;
  readonly families: readonly string[];
  /** Total errors from the tool's summaries; null if no process printed one (tool missing, run killed). */
  readonly errors: number | null;
  readonly warnings: number;
  /** Printed errors by kernel name. */
  readonly perKernel: Readonly<Record<string, number>>;
  readonly unattributed: number;
  readonly complete: boolean;
  /** What the run must show: 'clean' (shipped kernels) or 'caught' (a mutant). */
  readonly expect: 'clean' | 'caught';
  readonly ok: boolean;
  /** Why the suites run itself failed to produce a report, if it did. */
  readonly note?: string;
  /** The sanitized suite run's test counts: a clean verdict needs tests that ran (not all skipped). */
  readonly tests?: SanitizedTests;
  /** Wall time of the sanitized run, ms. */
  readonly ms?: number;
}

export interface SanitizedTests {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export interface SanitizerReport {
  readonly version: typeof SANITIZER_REPORT_VERSION;
  readonly ok: boolean;
  readonly runs: readonly SanitizerRunRecord[];
  /** Families left out on purpose, each with its reason (absent when none was). */
  readonly excluded?: readonly SanitizerExclusion[];
}

export interface SanitizerExclusion {
  readonly family: string;
  readonly why: string;
}

/**
 * Clean needs a completed run with zero errors and, when the test counts are known, at least one test that ran
 * (zero errors over zero launches proves nothing); caught needs at least one error.
 */
export function judgeSanitizerRun(
  target: string,
  tool: SanitizerTool,
  families: readonly string[],
  log: SanitizerLog,
  expect: 'clean' | 'caught',
  note?: string,
  run?: { readonly tests: SanitizedTests | null; readonly ms: number },
): SanitizerRunRecord {
  const found = log.errors !== null && log.errors > 0;
  const vacuous = run !== undefined && (run.tests === null || run.tests.passed + run.tests.failed === 0);
  const ok = expect === 'caught' ? found : log.errors === 0 && !vacuous;
  const why = vacuous && expect === 'clean' ? 'no test ran under the tool, so zero errors proves nothing' : undefined;
  const notes = [note, why].filter((n): n is string => n !== undefined);
  return {
    target, tool, families, errors: log.errors, warnings: log.warnings, perKernel: log.perKernel, unattributed: log.unattributed, complete: log.complete, expect, ok,
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    ...(run?.tests ? { tests: run.tests } : {}),
    ...(run !== undefined ? { ms: run.ms } : {}),
  };
}

export function buildSanitizerReport(runs: readonly SanitizerRunRecord[], excluded: readonly SanitizerExclusion[] = []): SanitizerReport {
  return { version: SANITIZER_REPORT_VERSION, ok: runs.length > 0 && runs.every((r) => r.ok), runs, ...(excluded.length > 0 ? { excluded } : {}) };
}

export function formatSanitizerTable(report: SanitizerReport): string {
  const lines = report.runs.map((r) => {
    const kernels = Object.entries(r.perKernel)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k}:${n}`)
      .join(', ');
    const errs = r.errors === null ? 'no summary' : `${r.errors} errors`;
    const tests = r.tests ? `  ${r.tests.passed} tests passed${r.tests.failed > 0 ? `, ${r.tests.failed} failed` : ''}` : '';
    return `${r.ok ? 'ok  ' : 'FAIL'}  ${r.tool.padEnd(9)}  ${r.target.padEnd(34)}  expect ${r.expect.padEnd(6)}  ${errs}${tests}${kernels ? `  [${kernels}]` : ''}${r.note ? `  (${r.note})` : ''}`;
  });
  return [...lines, `sanitizer: ${report.ok ? 'ok' : 'FAILED'}`].join('\n');
}
