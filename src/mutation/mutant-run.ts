/**
 * The GPU part of the mutation run: each mutant's suite families against its materialized kernel directory, `jobs`
 * runs side by side (the baseline among them when none is given), each judged against the baseline once both are
 * known. Partial reports are handed out as mutants finish, so a run cut short still leaves what it judged.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { config } from '../config/index.ts';
import { errorMessage } from '../errors.ts';
import { mapWithConcurrency } from '../pool.ts';
import { classifyMutant, unjudgedMutant, type MutantResult, type SanitizerVerdict } from './classify.ts';
import { materializeMutant } from './materialize.ts';
import { Progress } from './progress.ts';
import { baselineSummary, buildMutantsReport, type MutantsReport } from './report.ts';
import { runSuites } from './run-vitest.ts';
import { findSanitizer, runSuitesUnderSanitizer, sanitizedRunNote } from './sanitizer-run.ts';
import { DEFAULT_BASE_DIR, mutantBaseDir, type MutantSpec } from './spec.ts';
import type { VitestOutcome } from './vitest-json.ts';

export interface MutantRunOptions {
  readonly repoRoot: string;
  readonly jobs: number;
  readonly timeoutMs: number;
  readonly bail: boolean;
  /**
   * The suites run of the unmutated shipped kernels (kernels/); null: run it here, side by side with the mutants.
   * Mutants planted in another kernel directory (an example's) always get that directory's baseline run here.
   */
  readonly baseline: VitestOutcome | null;
  readonly onReport?: (partial: MutantsReport) => void;
  readonly log?: (line: string) => void;
}

/** What one mutant's runs produced, before it is judged against the baseline. */
interface MutantRun {
  readonly spec: MutantSpec;
  readonly outcome: VitestOutcome | null;
  readonly error?: string;
  readonly verdict: SanitizerVerdict | null;
  readonly ms: number;
}

/** Each run's vitest JSON report (failure messages in full), kept for diagnosis next to mutants.json. */
async function keepRunReport(workDir: string, name: string): Promise<void> {
  const from = path.join(workDir, 'vitest.json');
  if (!existsSync(from)) return;
  const dir = path.join(config().reportDir, 'mutant-runs');
  await mkdir(dir, { recursive: true });
  await copyFile(from, path.join(dir, `${name}.json`));
}

/** Failing rows of a suite run go to its own folder: a planted bug's rows are not the repository's regressions. */
function regressionEnv(workDir: string): Record<string, string> {
  return { SAMPLING_REGRESSION_DIR: path.join(workDir, 'regressions') };
}

async function sanitizerVerdict(spec: MutantSpec, kernelDir: string, workDir: string, o: MutantRunOptions): Promise<SanitizerVerdict | null> {
  if (spec.expectedKill.by !== 'sanitizer') return null;
  const tool = spec.expectedKill.tool;
  const executable = findSanitizer();
  if (executable === null) {
    (o.log ?? console.log)(`  ${spec.id}: ${tool}: compute-sanitizer not found, the expected check cannot run here`);
    return { tool, errors: null };
  }
  const s = await runSuitesUnderSanitizer({ repoRoot: o.repoRoot, tool, kernelDir, families: spec.families, workDir: path.join(workDir, 'sanitizer'), timeoutMs: o.timeoutMs, executable });
  const note = sanitizedRunNote(s);
  (o.log ?? console.log)(`  ${spec.id}: ${tool}: ${s.log.errors ?? 'no'} error(s)${note ? ` (${note})` : ''}`);
  return { tool, errors: s.log.complete || s.log.errors !== null ? s.log.errors : null };
}

async function runMutant(spec: MutantSpec, tmp: string, o: MutantRunOptions): Promise<MutantRun> {
  const started = Date.now();
  const workDir = path.join(tmp, spec.id);
  try {
    const m = await materializeMutant(spec, path.join(o.repoRoot, mutantBaseDir(spec)), path.join(workDir, 'kernels'));
    const run = await runSuites({ repoRoot: o.repoRoot, families: spec.families, kernelDir: m.dir, workDir, timeoutMs: o.timeoutMs, bail: o.bail, env: regressionEnv(workDir) });
    await keepRunReport(workDir, spec.id);
    if (run.outcome === null) return { spec, outcome: null, error: `${run.error ?? 'no report'}\n${run.tail.slice(-800)}`, verdict: null, ms: Date.now() - started };
    const verdict = await sanitizerVerdict(spec, m.dir, workDir, o);
    return { spec, outcome: run.outcome, verdict, ms: Date.now() - started };
  } catch (e) {
    return { spec, outcome: null, error: errorMessage(e), verdict: null, ms: Date.now() - started };
  }
}

function judge(r: MutantRun, baseline: VitestOutcome | null): MutantResult {
  if (r.outcome === null) return unjudgedMutant(r.spec, r.error ?? 'no report', r.ms);
  return classifyMutant(r.spec, r.outcome, baseline, r.ms, r.verdict);
}

interface Baseline {
  readonly outcome: VitestOutcome | null;
  readonly error?: string;
}

/** One summary over every directory's baseline; a failure is named with its directory when there are several. */
function mergedBaseline(baselines: ReadonlyMap<string, Baseline>): ReturnType<typeof baselineSummary> {
  const parts = [...baselines].map(([dir, b]) => ({ dir, s: baselineSummary(b.outcome, b.error) }));
  const named = parts.length > 1;
  const errors = parts.flatMap(({ dir, s }) => (s.error === undefined ? [] : [named ? `${dir}: ${s.error}` : s.error]));
  return {
    ok: parts.every(({ s }) => s.ok),
    passed: parts.reduce((n, { s }) => n + s.passed, 0),
    failed: parts.reduce((n, { s }) => n + s.failed, 0),
    failures: parts.flatMap(({ dir, s }) => s.failures.map((f) => (named ? `${dir}: ${f}` : f))),
    ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
  };
}

/** A baseline that is known now or later (a run side by side with the mutants). */
class PendingBaseline {
  known: Baseline | undefined;
  readonly done: Promise<Baseline>;
  private resolve: (b: Baseline) => void = () => undefined;
  constructor(given?: VitestOutcome) {
    this.done = new Promise((r) => (this.resolve = r));
    if (given !== undefined) this.set({ outcome: given });
  }
  set(b: Baseline): void {
    this.known = b;
    this.resolve(b);
  }
}

type Task = { readonly baseline: string } | MutantSpec;

export async function runMutants(selected: readonly MutantSpec[], o: MutantRunOptions): Promise<MutantsReport> {
  const log = o.log ?? ((line: string) => console.log(line));
  // one baseline per kernel directory: a mutant is judged against its own directory, unmutated
  const dirs = [...new Set(selected.map(mutantBaseDir))];
  const baselines = new Map(dirs.map((d) => [d, new PendingBaseline(d === DEFAULT_BASE_DIR && o.baseline !== null ? o.baseline : undefined)] as const));
  const toRun = dirs.filter((d) => baselines.get(d)?.known === undefined);
  const familiesOf = (dir: string): string[] => [...new Set(selected.filter((m) => mutantBaseDir(m) === dir).flatMap((m) => m.families))].sort();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'sampling-mutants-'));
  const progress = new Progress('mutant run', selected.length + toRun.length, { log });
  const done: MutantRun[] = [];
  let writes = Promise.resolve();
  const order = (r: MutantRun): number => selected.indexOf(r.spec);
  const baselineOf = (spec: MutantSpec): PendingBaseline => baselines.get(mutantBaseDir(spec)) as PendingBaseline;
  const report = async (): Promise<MutantsReport> => {
    const settled = new Map<string, Baseline>();
    for (const [d, b] of baselines) settled.set(d, await b.done);
    const judged = [...done].sort((x, y) => order(x) - order(y)).map((r) => judge(r, settled.get(mutantBaseDir(r.spec))?.outcome ?? null));
    return buildMutantsReport(dirs.map((d) => path.join(o.repoRoot, d)).join(', '), mergedBaseline(settled), judged);
  };
  try {
    log(`${selected.length} mutants, ${o.jobs} suite runs at a time${toRun.length > 0 ? `, the baseline of ${toRun.map((d) => `${d}/`).join(', ')} among them` : ', baseline given'}`);
    const tasks: Task[] = [...toRun.map((d) => ({ baseline: d })), ...selected];
    await mapWithConcurrency(tasks, o.jobs, async (task) => {
      if ('baseline' in task) {
        const dir = task.baseline;
        const name = dir === DEFAULT_BASE_DIR ? 'baseline' : `baseline-${dir.replace(/[^a-z0-9]+/gi, '-')}`;
        progress.start(name, `suites [${familiesOf(dir).join(', ')}] on ${dir}/`);
        const workDir = path.join(tmp, name);
        const run = await runSuites({ repoRoot: o.repoRoot, families: familiesOf(dir), kernelDir: path.join(o.repoRoot, dir), workDir, timeoutMs: o.timeoutMs, env: regressionEnv(workDir) });
        await keepRunReport(workDir, name);
        baselines.get(dir)?.set({ outcome: run.outcome, ...(run.error === undefined ? {} : { error: run.error }) });
        const s = baselineSummary(run.outcome, run.error);
        progress.done(name, `${s.ok ? 'pass' : 'FAIL'}, ${s.passed} passed, ${s.failed} failed`);
        return;
      }
      progress.start(task.id, `(${task.families.join(', ')})`);
      const r = await runMutant(task, tmp, o);
      done.push(r);
      const known = baselineOf(task).known;
      const verdict = known === undefined ? 'ran (judged once the baseline is done)' : judge(r, known.outcome).killed ? 'killed' : 'SURVIVED';
      progress.done(task.id, r.error !== undefined ? 'ERROR' : verdict);
      // one write at a time, each once the baselines are known; never holding a run slot
      if (o.onReport) writes = writes.then(async () => o.onReport?.(await report()));
    });
    await writes;
    const final = await report();
    o.onReport?.(final);
    return final;
  } finally {
    progress.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}
