/**
 * Compare mode: a base run and a head run (each a results.json with its artifacts in the same directory) → what the
 * change broke, what it made slower or faster, and how statistics and compile resources moved. Artifacts are judged
 * against their own run first: a stale one is stated and left out of the comparison.
 */
import { dirname } from 'node:path';
import { isObject } from '../artifact-rows.ts';
import { judgeArtifacts, shortCommit, type JudgedArtifact, type JudgedArtifacts } from '../artifact-judge.ts';
import { ARTIFACTS, loadArtifacts, type ArtifactId } from '../artifacts.ts';
import { benchPoints } from '../bench-rows.ts';
import { loadResults } from '../load-results.ts';
import { checkMatrix } from '../matrix.ts';
import type { JsonValue, ReportResults } from '../schema.ts';
import { VERDICT_LABEL, verdictOf } from '../verdict.ts';
import { compareMatrices, verdictChanges } from './changes.ts';
import { compareChiSquare } from './chi.ts';
import { compareGates } from './gates.ts';
import { COMPARE_SCHEMA_VERSION, type CompareReport, type PerfRow, type RunSide, type Section, type VerdictChange } from './model.ts';
import { comparePerf } from './perf.ts';

export interface LoadedRun {
  readonly path: string;
  readonly results: ReportResults;
  readonly artifacts: JudgedArtifacts;
}

export function loadRun(resultsPath: string): LoadedRun {
  const results = loadResults(resultsPath);
  return { path: resultsPath, results, artifacts: judgeArtifacts(loadArtifacts(dirname(resultsPath)), results) };
}

export interface CompareOptions {
  /** A measured slowdown beyond this many percent fails the gate. */
  readonly failOnSlowerPct?: number;
  readonly now?: Date;
}

function deviceOf(run: LoadedRun): string | undefined {
  const d = run.results.device;
  if (d?.available === true) return `${d.name ?? 'GPU'}${d.arch === undefined ? '' : ` (${d.arch})`}`;
  const bench = run.artifacts.bench;
  if (bench.status === 'fresh' && isObject(bench.data) && isObject(bench.data.device) && typeof bench.data.device.name === 'string') return bench.data.device.name;
  return undefined;
}

function side(run: LoadedRun): RunSide {
  const v = verdictOf(run.results, run.artifacts);
  const device = deviceOf(run);
  return {
    path: run.path,
    ...(run.results.git.commit === undefined ? {} : { commit: run.results.git.commit }),
    createdAt: run.results.createdAt,
    ...(device === undefined ? {} : { device }),
    verdict: { status: v.status, summary: v.summary },
  };
}

function notes(base: RunSide, head: RunSide, comparable: boolean): string[] {
  const out: string[] = [];
  const commit = (s: RunSide): string => (s.commit === undefined ? 'an unknown commit' : shortCommit(s.commit));
  out.push(base.commit !== undefined && base.commit === head.commit ? `both runs are from commit ${commit(base)}` : `base is commit ${commit(base)}, head is commit ${commit(head)}`);
  if (!comparable) {
    out.push(`timings are not comparable: base ran on ${base.device ?? 'no known GPU'}, head on ${head.device ?? 'no known GPU'}; the --fail-on-slower threshold is not applied`);
  } else {
    out.push(`both runs on ${base.device ?? '?'}`);
  }
  return out;
}

/** Both sides' fresh data of one artifact, or why the comparison has none. */
function bothFresh(base: LoadedRun, head: LoadedRun, id: ArtifactId): { base: JsonValue; head: JsonValue } | string {
  const why = (label: string, a: JudgedArtifact): string | undefined =>
    a.status === 'fresh' ? undefined
      : a.status === 'absent' ? `no ${ARTIFACTS[id].file} next to the ${label} results.json`
        : a.status === 'stale' ? `the ${label} ${ARTIFACTS[id].file} is stale (${a.why})`
          : `the ${label} ${ARTIFACTS[id].file} is unreadable (${a.warning})`;
  const b = base.artifacts[id];
  const h = head.artifacts[id];
  const reasons = [why('base', b), why('head', h)].filter((r): r is string => r !== undefined);
  if (reasons.length > 0 || b.status !== 'fresh' || h.status !== 'fresh') return reasons.join('; ');
  return { base: b.data, head: h.data };
}

function gateFailures(head: RunSide, changes: readonly VerdictChange[], perf: readonly PerfRow[], pct: number | undefined): string[] {
  const out = changes.filter((c) => c.kind === 'regression' || c.kind === 'new-failure').map((c) => c.text);
  if (head.verdict.status !== 'verified') out.push(`the head run is ${VERDICT_LABEL[head.verdict.status]}: ${head.verdict.summary}`);
  for (const r of perf.filter((p) => p.failsGate)) {
    out.push(`${r.kernel} ${r.batch} × ${r.vocab} is ${(((r.ratio ?? 1) - 1) * 100).toFixed(1)}% slower (outside both runs' p10–p90), more than --fail-on-slower ${pct}%`);
  }
  return out;
}

export function compareRuns(base: LoadedRun, head: LoadedRun, options: CompareOptions = {}): CompareReport {
  const b = side(base);
  const h = side(head);
  const comparable = b.device !== undefined && b.device === h.device;
  const bm = checkMatrix(base.results);
  const hm = checkMatrix(head.results);
  const matrix = compareMatrices(bm, hm);
  const changes = verdictChanges(hm, matrix);
  const bench = bothFresh(base, head, 'bench');
  const performance: Section<PerfRow> = typeof bench === 'string' ? { unavailable: bench, rows: [] }
    : { rows: comparePerf(benchPoints(bench.base), benchPoints(bench.head), options.failOnSlowerPct, comparable) };
  const gates = bothFresh(base, head, 'compile-gates');
  const compileGates = typeof gates === 'string' ? { unavailable: gates, rows: [], unchanged: 0 } : compareGates(gates.base, gates.head);
  const stale = [base, head].flatMap((run, i) => Object.entries(run.artifacts)
    .filter(([, a]) => a.status === 'stale')
    .map(([id, a]) => `${i === 0 ? 'base' : 'head'} ${ARTIFACTS[id as ArtifactId].file} left out: ${(a as { why: string }).why}`));
  return {
    schema: COMPARE_SCHEMA_VERSION,
    createdAt: (options.now ?? new Date()).toISOString(),
    base: b,
    head: h,
    notes: [...notes(b, h, comparable), ...stale],
    timingsComparable: comparable,
    ...(options.failOnSlowerPct === undefined ? {} : { failOnSlowerPct: options.failOnSlowerPct }),
    changes,
    matrix,
    performance,
    chiSquare: { rows: compareChiSquare(base.results, head.results) },
    compileGates,
    failures: gateFailures(h, changes, performance.rows, options.failOnSlowerPct),
  };
}
