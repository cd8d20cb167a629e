/**
 * `npm run mutants` (GPU): the mutation self-test. Runs each mutant of mutants/corpus.ts through SAMPLING_KERNEL_DIR
 * (the mechanism a user's own kernel directory uses) against just the suite families it names, `--jobs` mutants side
 * by side, records which tests each mutant failed, writes mutants.json next to the report and prints a table. A
 * failure counts as a kill only if the same test passed on the unmutated kernels: the baseline is the suites run
 * named by --baseline (the gate passes its own suites step) or, without it, a baseline run side by side with the
 * mutants. Sanitizer-expected mutants are also run under compute-sanitizer with their tool.
 * Exit 1 if the baseline fails or any mutant survives (--strict: or is killed by another check than expected).
 * Without a usable GPU: one line saying so, exit 0, nothing written.
 *   npx tsx scripts/mutants.ts [--list] [--compile] [--only <id>[,<id>]] [--strict] [--bail] [--baseline <vitest json>]
 *                              [--timeout-s N] [--jobs N]
 * --compile (no GPU needed) only checks that every mutant compiles, each for its compile units, with the runner's
 * flags through the shared kernel cache. --bail stops each mutant's suites at their first failure.
 * Each mutant's failing rows are saved in its own work folder (SAMPLING_REGRESSION_DIR), never in fixtures/.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CompilerMissingError, resolveCompiler, targetOf } from '../harness/toolchain.ts';
import { MUTANT_CORPUS } from '../mutants/corpus.ts';
import { REPO_ROOT } from '../src/config/index.ts';
import { intArg, listArg, parseCli, SUITE_RUN_OPTIONS, suiteRunArgs, type SuiteRunArgs } from '../src/mutation/args.ts';
import { expectedKillLabel } from '../src/mutation/classify.ts';
import { compileMutants, mutantCompileMessage } from '../src/mutation/compile-mutants.ts';
import { runMutants } from '../src/mutation/mutant-run.ts';
import { formatElapsed } from '../src/mutation/progress.ts';
import { formatMutantsTable, mutantsExitCode } from '../src/mutation/report.ts';
import { runIfEntry } from '../src/mutation/run-cli.ts';
import { assertValidCorpus, type MutantSpec } from '../src/mutation/spec.ts';
import { parseVitestJson } from '../src/mutation/vitest-json.ts';
import { MAX_JOBS } from '../src/pool.ts';
import { gpuDecision, nothingToRun, type GpuProbe } from './need-gpu.ts';
import { writeArtifact } from './write-artifact.ts';

export { REPO_ROOT };
export const MUTANTS_FILE = 'mutants.json';
/** The target every mutant is compile-checked for without a GPU. */
export const MUTANT_COMPILE_TARGET = 'sm_90';
const USAGE = 'npm run mutants -- [--list] [--compile] [--only <id>,...] [--strict] [--bail] [--baseline <vitest json>] [--timeout-s N] [--jobs N]';

export interface MutantsArgs extends SuiteRunArgs {
  readonly list: boolean;
  readonly compile: boolean;
  readonly only: readonly string[];
  readonly strict: boolean;
  readonly bail: boolean;
  readonly baseline: string | null;
  /** Compiler processes at once for --compile. */
  readonly compileJobs: number;
}

export function parseMutantsArgs(argv: readonly string[], cores: number = os.availableParallelism()): MutantsArgs {
  const flag = { type: 'boolean' } as const;
  const v = parseCli(
    argv,
    { ...SUITE_RUN_OPTIONS, list: flag, compile: flag, strict: flag, bail: flag, only: { type: 'string', multiple: true }, baseline: { type: 'string' } },
    USAGE,
  );
  return {
    ...suiteRunArgs(v, cores),
    list: v.list === true,
    compile: v.compile === true,
    only: listArg(v.only),
    strict: v.strict === true,
    bail: v.bail === true,
    baseline: v.baseline === undefined ? null : path.resolve(v.baseline),
    compileJobs: intArg(v.jobs, '--jobs', 1, MAX_JOBS, cores),
  };
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

/** --compile: every selected mutant compiles for MUTANT_COMPILE_TARGET (exit 1 naming those that do not). */
async function compileOnly(selected: readonly MutantSpec[], jobs: number): Promise<number> {
  const target = targetOf(MUTANT_COMPILE_TARGET);
  const compiler = await resolveCompiler('nvcc').catch((e: unknown) => {
    if (e instanceof CompilerMissingError) return null;
    throw e;
  });
  if (compiler === null) {
    console.log(`mutants --compile: nothing to compile here: nvcc not found (the mutants are compile-checked for ${target.arch})`);
    return 0;
  }
  const results = await compileMutants(selected, REPO_ROOT, target, {
    jobs,
    compiler,
    onDone: (r, done) => console.log(`compiled ${done}/${selected.length}: ${r.id} ${r.failures.length === 0 ? 'ok' : 'FAILED'} (${r.cached}/${r.units} cached) [${formatElapsed(r.ms)}]`),
  });
  const failed = results.filter((r) => r.failures.length > 0);
  for (const r of failed) console.log(mutantCompileMessage(r));
  console.log(`${selected.length - failed.length}/${selected.length} mutants compile for ${target.arch}`);
  return failed.length === 0 ? 0 : 1;
}

export async function main(argv: readonly string[], probe?: GpuProbe): Promise<number> {
  const args = parseMutantsArgs(argv);
  const corpus = assertValidCorpus(MUTANT_CORPUS);
  if (args.list) {
    console.log(formatList(corpus));
    return 0;
  }
  const selected = selectMutants(corpus, args.only);
  if (args.compile) return compileOnly(selected, args.compileJobs);
  const gpu = await gpuDecision(probe);
  if (!gpu.usable) {
    console.log(nothingToRun('mutants', gpu.reason));
    return 0;
  }
  const baseline = args.baseline === null ? null : parseVitestJson(await readFile(args.baseline, 'utf8'));
  const report = await runMutants(selected, {
    repoRoot: REPO_ROOT,
    jobs: args.jobs,
    timeoutMs: args.timeoutMs,
    bail: args.bail,
    baseline,
    onReport: (partial) => writeArtifact(MUTANTS_FILE, partial),
  });
  console.log(formatMutantsTable(report));
  return mutantsExitCode(report, args.strict);
}

runIfEntry(import.meta.url, (argv) => main(argv));
