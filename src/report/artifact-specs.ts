/**
 * How each artifact file is read into table rows and which rows count as failing. Shared by the artifact sections
 * (render-artifacts.ts) and the verdict (artifact-judge.ts), so a row drawn red is exactly a row that fails the run.
 */
import { isNonZero, isObject, pick, type FlatRow } from './artifact-rows.ts';
import type { ArtifactId } from './artifacts.ts';
import type { JsonValue } from './schema.ts';

export type RowVerdict = 'ok' | 'bad' | 'warn' | 'skip' | undefined;

export interface TableSpec {
  /** Reshapes the file before rows are extracted (e.g. one row per kernel instead of per file). */
  readonly reshape?: (data: JsonValue) => JsonValue;
  readonly listKeys: readonly string[];
  readonly keyNames: readonly [string, string];
  /** Columns shown first, in this order, when present; the rest follow in first-seen order. */
  readonly columns: readonly string[];
  /** Columns left out (long and identical across rows, e.g. the compiler command line). */
  readonly hidden?: readonly string[];
  readonly verdict: (row: FlatRow) => RowVerdict;
  /** A failing row in a few words, for the verdict ("renorm.hip gfx90a: hipcc exited 1"). */
  readonly describe: (row: FlatRow) => string;
}

const text = (v: unknown): string => (v === undefined || v === null ? '?' : String(v));
const firstLine = (v: unknown): string => text(v).split('\n')[0]?.slice(0, 120) ?? '';

const isFalse = (row: FlatRow, aliases: readonly string[]): boolean => pick(row, aliases) === false;

/**
 * scripts/compile-gates.ts writes one result per file × target holding a map kernel → resources; the reviewer
 * wants one row per kernel × target. A result without kernels (failed or skipped compile) stays one row.
 */
export function compileGateRows(data: JsonValue): JsonValue {
  if (!isObject(data) || !Array.isArray(data.results)) return data;
  const rows = data.results.flatMap((r): JsonValue[] => {
    if (!isObject(r) || !isObject(r.kernels) || Object.keys(r.kernels).length === 0) return [r];
    const { kernels, ...rest } = r;
    return Object.entries(kernels).map(([kernel, res]) => ({ kernel, ...rest, ...(isObject(res) ? res : { resources: res }) }));
  });
  return { ...data, results: rows };
}

/** A sanitizer run's error counts by kernel ("k: 3, l: 1") in one cell rather than one column per kernel. */
export function perKernelAsText(data: JsonValue): JsonValue {
  const fix = (v: JsonValue): JsonValue => {
    if (!isObject(v) || !isObject(v.perKernel)) return v;
    const text = Object.entries(v.perKernel).map(([k, n]) => `${k}: ${typeof n === 'number' ? n : JSON.stringify(n)}`).join(', ');
    return { ...v, perKernel: text };
  };
  if (Array.isArray(data)) return data.map(fix);
  if (!isObject(data)) return data;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Array.isArray(v) ? v.map(fix) : v]));
}

const SPILLS = ['spills', 'spillStoreBytes', 'spillLoadBytes', 'sgprSpills', 'vgprSpills', 'scratchBytesPerLane', 'scratch'];

export const ARTIFACT_TABLES: Readonly<Record<ArtifactId, TableSpec>> = {
  'compile-gates': {
    reshape: compileGateRows,
    listKeys: ['results', 'gates', 'entries', 'rows', 'kernels'],
    keyNames: ['kernel', 'target'],
    columns: [
      'kernel', 'file', 'target', 'status', 'ok', 'registers', 'vgprs', 'sgprs', 'agprs', 'sharedBytes', 'lds', 'stackBytes',
      ...SPILLS, 'occupancyWavesPerSimd', 'diagnostics', 'warnings', 'errors', 'missingFunctions', 'reason',
    ],
    hidden: ['command'],
    verdict: (r) =>
      r.status === 'failed' || isFalse(r, ['ok', 'passed']) || isNonZero(pick(r, ['errors', 'missingFunctions'])) ? 'bad'
        : SPILLS.some((k) => isNonZero(r[k])) || isNonZero(pick(r, ['diagnostics', 'warnings'])) ? 'warn'
          : r.status === 'skipped' ? 'skip' : undefined,
    describe: (r) => `${text(r.kernel ?? r.file)} ${text(r.target)}: ${firstLine(r.reason ?? r.status)}`,
  },
  bench: {
    listKeys: ['rows', 'results', 'entries', 'benchmarks'],
    keyNames: ['kernel', 'shape'],
    columns: [
      'kernel', 'batch', 'vocab', 'shape', 'timing.medianMs', 'timing.p10Ms', 'timing.p90Ms', 'metrics.gbPerS', 'metrics.pctOfCopy',
      'metrics.xOneRead', 'verdict.target', 'verdict.met', 'verdict.gap', 'error',
    ],
    // bench/kernels.ts writes timing/metrics as null on a failed row; its error column says why.
    hidden: ['timing', 'metrics'],
    // A launch that failed is a failure; a missed speed target is a goal not reached, shown but not failing the run.
    verdict: (r) => {
      if (isNonZero(r.error) || r.ok === false) return 'bad';
      const met = pick(r, ['verdict.met', 'met', 'targetMet']);
      return met === false ? 'warn' : met === true ? 'ok' : undefined;
    },
    describe: (r) => `${text(r.kernel)} ${text(r.batch)} × ${text(r.vocab)}: ${firstLine(r.error ?? 'failed')}`,
  },
  mutation: {
    listKeys: ['mutants', 'results', 'entries'],
    keyNames: ['id', 'variant'],
    columns: ['id', 'bugClass', 'killed', 'killedBy', 'expectedKill', 'matchedExpectation', 'error', 'file', 'ms', 'description'],
    verdict: (r) => r.killed === false || isNonZero(r.error) ? 'bad' : r.matchedExpectation === false ? 'warn' : r.killed === true ? 'ok' : undefined,
    describe: (r) => `${text(r.id)} ${isNonZero(r.error) ? `not judged: ${firstLine(r.error)}` : 'survived'}`,
  },
  sanitizer: {
    reshape: perKernelAsText,
    listKeys: ['runs', 'results', 'entries', 'findings'],
    keyNames: ['tool', 'target'],
    columns: ['tool', 'target', 'expect', 'ok', 'errors', 'warnings', 'perKernel', 'unattributed', 'complete', 'families', 'tests.passed', 'tests.failed', 'tests.skipped', 'ms', 'note'],
    verdict: (r) => isFalse(r, ['ok', 'passed', 'matchedExpectation', 'complete']) || r.errors === null ? 'bad'
      : pick(r, ['ok', 'passed']) === true ? 'ok' : undefined,
    describe: (r) => `${text(r.tool)} on ${text(r.target)}: ${r.errors === null ? 'no complete log' : `${text(r.errors)} error(s), expected ${text(r.expect)}`}`,
  },
};

