/**
 * `npm run mutants` (GPU): the mutation self-test of issue 6. Runs the suites on the unmutated kernels (must pass),
 * then on each mutant of mutants/corpus.ts through SAMPLING_KERNEL_DIR (the mechanism a user's own kernel
 * directory uses), records which tests each mutant failed, writes reports/mutants.json and prints a table.
 * Sanitizer-expected mutants that no suite catches are rerun under compute-sanitizer with their tool.
 * Exit 1 if the baseline fails or any mutant survives (--strict: or is killed by another check than expected).
 *   npx tsx scripts/mutants.ts [--list] [--only <id>[,<id>]] [--strict] [--bail] [--timeout-s N] [--jobs N]
 * --bail stops each mutant's suites at their first failure: a kill is still decided, in a fraction of the time.
 * --jobs runs that many mutants side by side (default: one per 4 cores, at most 4); the baseline runs alone first.
 * Each mutant's failing rows are saved in its own work folder (SAMPLING_REGRESSION_DIR), never in fixtures/.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTANT_CORPUS } from '../mutants/corpus.ts';
import { parseScriptArgs } from '../src/mutation/args.ts';
import { classifyMutant, expectedKillLabel, unjudgedMutant, type MutantResult, type SanitizerVerdict } from '../src/mutation/classify.ts';
import { materializeMutant } from '../src/mutation/materialize.ts';
import { mapWithConcurrency } from '../src/pool.ts';
import { baselineSummary, buildMutantsReport, formatMutantsTable, mutantsExitCode } from '../src/mutation/report.ts';
import { runSuites } from '../src/mutation/run-vitest.ts';
import { runSuitesUnderSanitizer, sanitizedRunNote } from '../src/mutation/sanitizer-run.ts';
import { assertValidCorpus, DEFAULT_BASE_DIR, mutantBaseDir, type MutantSpec } from '../src/mutation/spec.ts';
import { runIfEntry } from '../src/mutation/run-cli.ts';
import { stampArtifact } from '../src/report/artifacts.ts';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Each run's vitest JSON report (failure messages in full), kept for diagnosis next to reports/mutants.json. */
const RUN_REPORTS = path.join(REPO_ROOT, 'reports', 'mutant-runs');

async function keepRunReport(workDir: string, name: string): Promise<void> {
  const from = path.join(workDir, 'vitest.json');
  if (!existsSync(from)) return;
  await mkdir(RUN_REPORTS, { recursive: true });
  await copyFile(from, path.join(RUN_REPORTS, `${name}.json`));
}

/** The specs to run: all, or those named by --only (unknown ids are an error listing the known ones). */
export function selectMutants(corpus: readonly MutantSpec[], only: readonly string[]): MutantSpec[] {
  if (only.length === 0) return [...corpus];
  const known = new Set(corpus.map((m) => m.id));
  const unknown = only.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new RangeError(`--only: unknown mutant(s) ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  return corpus.filter((m) => only.includes(m.id));
}

export function formatList(corpus: readonly MutantSpec[]): string {
  return corpus.map((m) => `${m.id}  [${m.bugClass}]  ${m.file}  → ${expectedKillLabel(m)}\n    ${m.description}`).join('\n');
}

/** Failing rows of a suite run go to its own folder: a planted bug's rows are not the repository's regressions. */
function regressionEnv(workDir: string): Record<string, string> {
  return { SAMPLING_REGRESSION_DIR: path.join(workDir, 'regressions') };
}

async function runMutant(spec: MutantSpec, tmp: string, baseline: Parameters<typeof classifyMutant>[2], timeoutMs: number, bail: boolean): Promise<MutantResult> {
  const started = Date.now();
  const workDir = path.join(tmp, spec.id);
  try {
    const m = await materializeMutant(spec, path.join(REPO_ROOT, mutantBaseDir(spec)), path.join(workDir, 'kernels'));
    const run = await runSuites({ repoRoot: REPO_ROOT, families: spec.families, kernelDir: m.dir, workDir, timeoutMs, bail, env: regressionEnv(workDir) });
    await keepRunReport(workDir, spec.id);
    if (run.outcome === null) return unjudgedMutant(spec, `${run.error ?? 'no report'}\n${run.tail.slice(-800)}`, Date.now() - started);
    let verdict: SanitizerVerdict | null = null;
    const first = classifyMutant(spec, run.outcome, baseline, Date.now() - started);
    if (spec.expectedKill.by === 'sanitizer') {
      const s = await runSuitesUnderSanitizer({
        repoRoot: REPO_ROOT,
        tool: spec.expectedKill.tool,
        kernelDir: m.dir,
        families: spec.families,
        workDir: path.join(workDir, 'sanitizer'),
        timeoutMs,
      });
      verdict = { tool: spec.expectedKill.tool, errors: s.log.complete || s.log.errors !== null ? s.log.errors : null };
      const note = sanitizedRunNote(s);
      console.log(`  ${spec.id}: ${spec.expectedKill.tool}: ${s.log.errors ?? 'no'} error(s)${note ? ` (${note})` : ''}`);
    }
    return verdict === null ? first : classifyMutant(spec, run.outcome, baseline, Date.now() - started, verdict);
  } catch (e) {
    return unjudgedMutant(spec, e instanceof Error ? e.message : String(e), Date.now() - started);
  }
}

/** One summary over every directory's baseline; a failure is named with its directory when there are several. */
function mergedBaseline(baselines: ReadonlyMap<string, Awaited<ReturnType<typeof runSuites>>>): ReturnType<typeof baselineSummary> {
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

async function writeReport(report: ReturnType<typeof buildMutantsReport>): Promise<void> {
  await mkdir(path.join(REPO_ROOT, 'reports'), { recursive: true });
  await writeFile(path.join(REPO_ROOT, 'reports', 'mutants.json'), JSON.stringify(stampArtifact(report, REPO_ROOT), null, 2) + '\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseScriptArgs(argv);
  const corpus = assertValidCorpus(MUTANT_CORPUS);
  if (args.list) {
    console.log(formatList(corpus));
    return 0;
  }
  const selected = selectMutants(corpus, args.only);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'sampling-mutants-'));
  try {
    // one baseline per kernel directory (kernels/, or an example's): a mutant is judged against its own directory
    const baselines = new Map<string, Awaited<ReturnType<typeof runSuites>>>();
    for (const [i, dir] of [...new Set(selected.map(mutantBaseDir))].entries()) {
      const families = [...new Set(selected.filter((m) => mutantBaseDir(m) === dir).flatMap((m) => m.families))].sort();
      console.log(`baseline: suites [${families.join(', ')}] on ${dir}/ ...`);
      const baseDir = path.join(tmp, `baseline-${i}`);
      const base = await runSuites({ repoRoot: REPO_ROOT, families, kernelDir: path.join(REPO_ROOT, dir), workDir: baseDir, timeoutMs: args.timeoutMs, env: regressionEnv(baseDir) });
      await keepRunReport(baseDir, dir === DEFAULT_BASE_DIR ? 'baseline' : `baseline-${dir.replace(/[^a-z0-9]+/gi, '-')}`);
      baselines.set(dir, base);
      const b = baselineSummary(base.outcome, base.error);
      console.log(`  ${b.passed} passed, ${b.failed} failed in ${(base.ms / 1000).toFixed(1)} s`);
    }
    const baseline = mergedBaseline(baselines);
    console.log(`mutants, ${args.jobs} at a time ...`);
    const done: MutantResult[] = [];
    let writes = Promise.resolve(); // one write at a time: mutants finish side by side
    const results = await mapWithConcurrency(selected, args.jobs, async (spec) => {
      console.log(`mutant ${spec.id} (${spec.families.join(', ')}) ...`);
      const r = await runMutant(spec, tmp, baselines.get(mutantBaseDir(spec))?.outcome ?? null, args.timeoutMs, args.bail);
      console.log(`  ${spec.id}: ${r.error ? 'ERROR' : r.killed ? 'killed' : 'SURVIVED'} in ${(r.ms / 1000).toFixed(1)} s`);
      done.push(r);
      // written after every mutant (corpus order), so a run cut short (a device time limit) still leaves what it judged
      const order = (x: MutantResult) => selected.findIndex((m) => m.id === x.id);
      const partial = buildMutantsReport(path.join(REPO_ROOT, 'kernels'), baseline, [...done].sort((a, b) => order(a) - order(b)));
      writes = writes.then(() => writeReport(partial));
      await writes;
      return r;
    });
    const report = buildMutantsReport(path.join(REPO_ROOT, 'kernels'), baseline, results);
    await writeReport(report);
    console.log(formatMutantsTable(report));
    return mutantsExitCode(report, args.strict);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

runIfEntry(import.meta.url, main);
