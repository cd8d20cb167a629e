/**
 * Turns a CheckResult from src/checks into a vitest assertion. Every result is recorded for the report; a failure
 * saves the failing rows as regression fixtures and fails with a message that lists the findings (row, index,
 * values) and how to reproduce: seed/offset, the fast-check seed and path, the saved fixtures and a command.
 */
import { expect } from 'vitest';
import { record } from '../../src/report/record.ts';
import type { CheckScope } from '../../src/report/schema.ts';
import type { CheckResult, Finding } from '../../src/types.ts';
import { saveFailingRows, type FailingRows } from './regression-row.ts';

/** Findings listed in a failure message; the report holds the rest. */
const MAX_LISTED_FINDINGS = 12;

export interface Reproduction {
  readonly seed?: bigint;
  readonly offset?: bigint;
  /** fast-check's seed and path of the counterexample, when the rows came from a property. */
  readonly fcSeed?: number;
  readonly fcPath?: string;
  /** Shell command that reruns the failing test. */
  readonly command?: string;
}

interface CheckContext {
  /** The manifest entry name: the report groups by it, so nothing else goes here. */
  readonly kernel: string;
  /** What the check ran on (shape, fixture, rows), shown next to the check in the report and the failure text. */
  readonly case?: string;
  readonly reproduce?: Reproduction;
  /** The rows checked: failing rows are saved as regressions from here. */
  readonly failing?: FailingRows;
  /** Record on the current test for the report (default true; unit tests of the kit turn it off). */
  readonly recordResult?: boolean;
  /** Which promise the check needs (universal, or a contract the manifest declares); absent: not scoped. */
  readonly scope?: CheckScope;
}

function formatFinding(f: Finding): string {
  const at = f.index === undefined ? `row ${f.row}` : `row ${f.row}, index ${f.index}`;
  const values = f.values === undefined ? '' : ` ${JSON.stringify(f.values, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}`;
  return `  - ${at}: ${f.message}${values}`;
}

/** The failure text, without side effects (exported for tests). */
function describeFailure(result: CheckResult, ctx: CheckContext, saved: readonly string[]): string {
  const { findings, checked } = result.detail;
  const lines = [`${ctx.kernel}${ctx.case === undefined ? '' : ` (${ctx.case})`}: check '${result.stage}' failed on ${findings.length} of ${checked} checked`];
  lines.push(...findings.slice(0, MAX_LISTED_FINDINGS).map(formatFinding));
  if (findings.length > MAX_LISTED_FINDINGS) lines.push(`  … ${findings.length - MAX_LISTED_FINDINGS} more`);
  const r = ctx.reproduce ?? {};
  const how: string[] = [];
  if (r.seed !== undefined) how.push(`seed=${r.seed}`);
  if (r.offset !== undefined) how.push(`offset=${r.offset}`);
  if (r.fcSeed !== undefined) how.push(`fast-check seed=${r.fcSeed}${r.fcPath !== undefined ? ` path="${r.fcPath}"` : ''}`);
  if (how.length > 0) lines.push(`reproduce with ${how.join(', ')}`);
  if (saved.length > 0) lines.push(`failing rows saved (replayed next run): ${saved.join(', ')}`);
  if (r.command !== undefined) lines.push(`rerun: ${r.command}`);
  return lines.join('\n');
}

export function expectCheck(result: CheckResult, ctx: CheckContext): void {
  if (ctx.recordResult !== false) record.checkResult(ctx.kernel, result, ctx.case, ctx.scope);
  // a passing check is an assertion too, so expect.hasAssertions() fails a test whose loops checked nothing
  expect(result.ok).toBeTypeOf('boolean');
  if (result.ok) return;
  const rows = result.detail.findings.map((f) => f.row);
  const saved = ctx.failing === undefined ? [] : saveFailingRows(`${ctx.kernel} ${result.stage}`, ctx.failing, rows);
  expect.fail(describeFailure(result, ctx, saved));
}
