/**
 * `npm run mutants` (GPU): the mutation self-test of issue 6. Runs the suites on the unmutated kernels (must pass),
 * then on each mutant of mutants/corpus.ts through SAMPLING_KERNEL_DIR (the mechanism a user's own kernel
 * directory uses), records which tests each mutant failed, writes reports/mutants.json and prints a table.
 * Sanitizer-expected mutants that no suite catches are rerun under compute-sanitizer with their tool.
 * Exit 1 if the baseline fails or any mutant survives (--strict: or is killed by another check than expected).
 *   npx tsx scripts/mutants.ts [--list] [--only <id>[,<id>]] [--strict] [--bail] [--timeout-s N]
 * --bail stops each mutant's suites at their first failure: a kill is still decided, in a fraction of the time.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTANT_CORPUS } from '../mutants/corpus.ts';
import { parseScriptArgs } from '../src/mutation/args.ts';
import { classifyMutant, expectedKillLabel, unjudgedMutant, type MutantResult, type SanitizerVerdict } from '../src/mutation/classify.ts';
import { materializeMutant } from '../src/mutation/materialize.ts';
import { baselineSummary, buildMutantsReport, formatMutantsTable, mutantsExitCode } from '../src/mutation/report.ts';
import { runSuites } from '../src/mutation/run-vitest.ts';
import { runSuitesUnderSanitizer, sanitizedRunNote } from '../src/mutation/sanitizer-run.ts';
import { assertValidCorpus, type MutantSpec } from '../src/mutation/spec.ts';
import { runIfEntry } from '../src/mutation/run-cli.ts';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const REGRESSIONS = path.join(REPO_ROOT, 'fixtures', 'regressions');
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

/** Suites save failing rows as regression fixtures; a mutant's failures must not become the repo's regressions. */
async function regressionFiles(): Promise<Set<string>> {
  return new Set(existsSync(REGRESSIONS) ? await readdir(REGRESSIONS) : []);
}
async function dropNewRegressions(before: Set<string>): Promise<void> {
  for (const f of await regressionFiles()) if (!before.has(f)) await rm(path.join(REGRESSIONS, f), { force: true });
}

async function runMutant(spec: MutantSpec, tmp: string, baseline: Parameters<typeof classifyMutant>[2], timeoutMs: number, bail: boolean): Promise<MutantResult> {
  const started = Date.now();
  const before = await regressionFiles();
  try {
    const m = await materializeMutant(spec, path.join(REPO_ROOT, 'kernels'), path.join(tmp, spec.id, 'kernels'));
    const run = await runSuites({ repoRoot: REPO_ROOT, families: spec.families, kernelDir: m.dir, workDir: path.join(tmp, spec.id), timeoutMs, bail });
    await keepRunReport(path.join(tmp, spec.id), spec.id);
    if (run.outcome === null) return unjudgedMutant(spec, `${run.error ?? 'no report'}\n${run.tail.slice(-800)}`, Date.now() - started);
    let verdict: SanitizerVerdict | null = null;
    const first = classifyMutant(spec, run.outcome, baseline, Date.now() - started);
    if (spec.expectedKill.by === 'sanitizer') {
      const s = await runSuitesUnderSanitizer({
        repoRoot: REPO_ROOT,
        tool: spec.expectedKill.tool,
        kernelDir: m.dir,
        families: spec.families,
        workDir: path.join(tmp, spec.id, 'sanitizer'),
        timeoutMs,
      });
      verdict = { tool: spec.expectedKill.tool, errors: s.log.complete || s.log.errors !== null ? s.log.errors : null };
      const note = sanitizedRunNote(s);
      console.log(`  ${spec.expectedKill.tool}: ${s.log.errors ?? 'no'} error(s)${note ? ` (${note})` : ''}`);
    }
    return verdict === null ? first : classifyMutant(spec, run.outcome, baseline, Date.now() - started, verdict);
  } catch (e) {
    return unjudgedMutant(spec, e instanceof Error ? e.message : String(e), Date.now() - started);
  } finally {
    await dropNewRegressions(before);
  }
}

async function writeReport(report: ReturnType<typeof buildMutantsReport>): Promise<void> {
  await mkdir(path.join(REPO_ROOT, 'reports'), { recursive: true });
  await writeFile(path.join(REPO_ROOT, 'reports', 'mutants.json'), JSON.stringify(report, null, 2) + '\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseScriptArgs(argv);
  const corpus = assertValidCorpus(MUTANT_CORPUS);
  if (args.list) {
    console.log(formatList(corpus));
    return 0;
  }
  const selected = selectMutants(corpus, args.only);
  const families = [...new Set(selected.flatMap((m) => m.families))].sort();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'sampling-mutants-'));
  try {
    console.log(`baseline: suites [${families.join(', ')}] on kernels/ ...`);
    const before = await regressionFiles();
    const base = await runSuites({ repoRoot: REPO_ROOT, families, kernelDir: path.join(REPO_ROOT, 'kernels'), workDir: path.join(tmp, 'baseline'), timeoutMs: args.timeoutMs });
    await dropNewRegressions(before);
    await keepRunReport(path.join(tmp, 'baseline'), 'baseline');
    const baseline = baselineSummary(base.outcome, base.error);
    const results: MutantResult[] = [];
    for (const spec of selected) {
      console.log(`mutant ${spec.id} (${spec.families.join(', ')}) ...`);
      const r = await runMutant(spec, tmp, base.outcome, args.timeoutMs, args.bail);
      console.log(`  ${r.error ? 'ERROR' : r.killed ? 'killed' : 'SURVIVED'} in ${(r.ms / 1000).toFixed(1)} s`);
      results.push(r);
      // written after every mutant, so a run cut short (a device time limit) still leaves what it judged
      await writeReport(buildMutantsReport(path.join(REPO_ROOT, 'kernels'), baseline, results));
    }
    const report = buildMutantsReport(path.join(REPO_ROOT, 'kernels'), baseline, results);
    await writeReport(report);
    console.log(formatMutantsTable(report));
    return mutantsExitCode(report, args.strict);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

runIfEntry(import.meta.url, main);
