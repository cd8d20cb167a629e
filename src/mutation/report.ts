/**
 * reports/mutants.json: what a mutation run found. Fields are only ever added; a breaking change bumps the version.
 * The HTML report reads `score` for the mutation-score section and `mutants` for its table.
 */
import type { MutantResult } from './classify.ts';
import type { VitestOutcome } from './vitest-json.ts';

export const MUTANTS_REPORT_VERSION = 1;

export interface BaselineSummary {
  /** The unmutated kernels passed every suite that any mutant runs. */
  readonly ok: boolean;
  readonly passed: number;
  readonly failed: number;
  /** "<family> › <test>" of every failure (should be empty). */
  readonly failures: readonly string[];
  readonly error?: string;
}

export interface MutationScore {
  readonly total: number;
  readonly killed: number;
  /** Killed by the check the spec names (or, for sanitizer mutants, by the named tool). */
  readonly matched: number;
  /** killed / total, in [0, 1]; 0 for an empty run. */
  readonly score: number;
}

export interface MutantsReport {
  readonly version: typeof MUTANTS_REPORT_VERSION;
  readonly kernelDir: string;
  readonly baseline: BaselineSummary;
  readonly score: MutationScore;
  readonly mutants: readonly MutantResult[];
}

export function baselineSummary(outcome: VitestOutcome | null, error?: string): BaselineSummary {
  if (outcome === null) return { ok: false, passed: 0, failed: 0, failures: [], error: error ?? 'no report' };
  const failures = outcome.failures.map((f) => `${f.family ?? '?'} › ${f.name}`);
  return { ok: failures.length === 0 && outcome.passed > 0, passed: outcome.passed, failed: outcome.failed, failures };
}

export function mutationScore(results: readonly MutantResult[]): MutationScore {
  const killed = results.filter((r) => r.killed).length;
  const matched = results.filter((r) => r.matchedExpectation).length;
  return { total: results.length, killed, matched, score: results.length === 0 ? 0 : killed / results.length };
}

export function buildMutantsReport(
  kernelDir: string,
  baseline: BaselineSummary,
  mutants: readonly MutantResult[],
): MutantsReport {
  return { version: MUTANTS_REPORT_VERSION, kernelDir, baseline, score: mutationScore(mutants), mutants };
}

/** Exit status of `npm run mutants`: 0 only if the baseline passed and every mutant was killed. */
export function mutantsExitCode(report: MutantsReport, strict = false): number {
  if (!report.baseline.ok) return 1;
  if (report.mutants.some((m) => !m.killed)) return 1;
  if (strict && report.mutants.some((m) => !m.matchedExpectation)) return 1;
  return 0;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** The plain-text table printed at the end of a run. */
export function formatMutantsTable(report: MutantsReport): string {
  const rows = report.mutants.map((m) => [
    m.id,
    m.error ? 'ERROR' : m.killed ? 'killed' : 'SURVIVED',
    m.matchedExpectation ? 'yes' : 'no',
    m.expectedKill,
    m.error ?? (m.killedBy.slice(0, 2).join('; ') + (m.killedBy.length > 2 ? ` (+${m.killedBy.length - 2})` : '')),
  ]);
  const head = ['mutant', 'status', 'expected?', 'expected kill', 'killed by'];
  const widths = head.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const line = (r: readonly string[]) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i] ?? 0))).join('  ');
  const b = report.baseline;
  const s = report.score;
  return [
    `baseline (unmutated kernels): ${b.ok ? 'pass' : 'FAIL'} — ${b.passed} passed, ${b.failed} failed${b.error ? ` (${b.error})` : ''}`,
    line(head),
    ...rows.map(line),
    `mutation score: ${s.killed}/${s.total} killed (${(100 * s.score).toFixed(1)}%), ${s.matched}/${s.total} by the expected check`,
  ].join('\n');
}
