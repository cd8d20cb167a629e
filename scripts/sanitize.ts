/**
 * `npm run sanitize` (GPU, NVIDIA): the suites under compute-sanitizer memcheck and racecheck, on the shipped
 * kernels (must be clean) and on the corpus's sanitizer mutants (out-of-bounds → memcheck, race → racecheck; each
 * must be caught). Writes sanitizer.json next to the report, prints a table; exit 1 unless every run is as expected.
 * The runs (one per tool and family, one per mutant) go side by side, `--jobs` at a time, with progress lines.
 * Without a usable GPU, or on an AMD GPU (the tool is CUDA's): one line saying so, exit 0, nothing written.
 *   npx tsx scripts/sanitize.ts [--families a,b] [--only <mutant id>] [--timeout-s N] [--jobs N]
 * --only runs just the named mutants (no shipped-kernel runs).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MUTANT_CORPUS } from '../mutants/corpus.ts';
import { REPO_ROOT } from '../src/config/index.ts';
import { listArg, parseCli, SUITE_RUN_OPTIONS, suiteRunArgs, type SuiteRunArgs } from '../src/mutation/args.ts';
import { materializeMutant } from '../src/mutation/materialize.ts';
import { Progress } from '../src/mutation/progress.ts';
import { runIfEntry } from '../src/mutation/run-cli.ts';
import { listFamilies } from '../src/mutation/run-vitest.ts';
import { buildSanitizerReport, formatSanitizerTable, judgeSanitizerRun, type SanitizerRunRecord } from '../src/mutation/sanitizer-report.ts';
import { findSanitizer, runSuitesUnderSanitizer, SANITIZER_EXCLUDED, sanitizedRunNote } from '../src/mutation/sanitizer-run.ts';
import { assertValidCorpus, SANITIZER_TOOLS, type MutantSpec, type SanitizerTool } from '../src/mutation/spec.ts';
import { mapWithConcurrency } from '../src/pool.ts';
import { gpuDecision, nothingToRun, type GpuProbe } from './need-gpu.ts';
import { writeArtifact } from './write-artifact.ts';

export const SANITIZER_FILE = 'sanitizer.json';
const USAGE = 'npm run sanitize -- [--families a,b] [--only <mutant id>] [--timeout-s N] [--jobs N]';

export interface SanitizeArgs extends SuiteRunArgs {
  readonly families: readonly string[] | null;
  readonly only: readonly string[];
}

export function parseSanitizeArgs(argv: readonly string[], cores?: number): SanitizeArgs {
  const v = parseCli(argv, { ...SUITE_RUN_OPTIONS, families: { type: 'string', multiple: true }, only: { type: 'string', multiple: true } }, USAGE);
  const families = listArg(v.families);
  return { ...suiteRunArgs(v, cores), families: families.length > 0 ? families : null, only: listArg(v.only) };
}

/** Mutants that sanitizer mode must catch: those whose expected kill is a sanitizer tool. */
export function sanitizerMutants(corpus: readonly MutantSpec[], only: readonly string[]): MutantSpec[] {
  const all = corpus.filter((m) => m.expectedKill.by === 'sanitizer');
  if (only.length === 0) return all;
  const unknown = only.filter((id) => !all.some((m) => m.id === id));
  if (unknown.length > 0) throw new RangeError(`--only: ${unknown.join(', ')} not sanitizer mutants; they are: ${all.map((m) => m.id).join(', ')}`);
  return all.filter((m) => only.includes(m.id));
}

/** One sanitized suite run: shipped kernels or a mutant, one tool, some families. */
interface SanitizeJob {
  readonly target: 'kernels' | `mutant:${string}`;
  readonly tool: SanitizerTool;
  readonly families: readonly string[];
  readonly spec?: MutantSpec;
}

/**
 * The shipped kernels are run one family per job (so findings and test counts are per family, and the jobs spread
 * over the CPU cores), every tool; each sanitizer mutant once, with its own tool.
 */
export function sanitizeJobs(families: readonly string[], mutants: readonly MutantSpec[]): SanitizeJob[] {
  const shipped = SANITIZER_TOOLS.flatMap((tool) => families.map((f): SanitizeJob => ({ target: 'kernels', tool, families: [f] })));
  const planted = mutants.flatMap((m): SanitizeJob[] =>
    m.expectedKill.by === 'sanitizer' ? [{ target: `mutant:${m.id}`, tool: m.expectedKill.tool, families: m.families, spec: m }] : [],
  );
  return [...shipped, ...planted];
}

/** Why this machine cannot run the sanitizer (one line), or null with the executable to use. */
async function sanitizerHere(probe: GpuProbe | undefined): Promise<{ skip: string } | { fail: string } | { executable: string }> {
  const gpu = await gpuDecision(probe);
  if (!gpu.usable) return { skip: nothingToRun('sanitize', gpu.reason) };
  if (gpu.backend !== 'cuda') return { skip: nothingToRun('sanitize', `compute-sanitizer is NVIDIA's and this GPU runs ${gpu.backend}`) };
  const executable = findSanitizer();
  if (executable === null) {
    return { fail: 'sanitize: compute-sanitizer not found on PATH, in $CUDA_HOME/bin or /usr/local/cuda/bin (set COMPUTE_SANITIZER to its path)' };
  }
  return { executable };
}

async function runJob(job: SanitizeJob, i: number, tmp: string, executable: string, timeoutMs: number): Promise<SanitizerRunRecord> {
  const workDir = path.join(tmp, `${i}-${job.tool}`);
  const kernels = path.join(REPO_ROOT, 'kernels');
  const kernelDir = job.spec === undefined ? kernels : (await materializeMutant(job.spec, kernels, path.join(workDir, 'kernels'))).dir;
  const s = await runSuitesUnderSanitizer({ repoRoot: REPO_ROOT, tool: job.tool, kernelDir, families: job.families, workDir, timeoutMs, executable });
  const o = s.suites.outcome;
  return judgeSanitizerRun(job.target, job.tool, job.families, s.log, job.spec === undefined ? 'clean' : 'caught', sanitizedRunNote(s), {
    tests: o === null ? null : { passed: o.passed, failed: o.failed, skipped: o.skipped },
    ms: s.suites.ms,
  });
}

export async function main(argv: readonly string[], probe?: GpuProbe): Promise<number> {
  const args = parseSanitizeArgs(argv);
  const mutants = sanitizerMutants(assertValidCorpus(MUTANT_CORPUS), args.only);
  const here = await sanitizerHere(probe);
  if ('skip' in here || 'fail' in here) {
    console.log('skip' in here ? here.skip : here.fail);
    return 'skip' in here ? 0 : 1;
  }
  const listed = args.families ?? (await listFamilies(REPO_ROOT));
  const excluded = listed.filter((f) => SANITIZER_EXCLUDED[f] !== undefined).map((family) => ({ family, why: SANITIZER_EXCLUDED[family] as string }));
  const families = listed.filter((f) => SANITIZER_EXCLUDED[f] === undefined);
  for (const x of excluded) console.log(`${x.family}: not sanitized: ${x.why}`);
  if (families.length === 0 && args.only.length === 0) throw new RangeError('no suite families to sanitize under suites/ (pass --families a,b)');
  const jobs = sanitizeJobs(args.only.length > 0 ? [] : families, mutants);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'sampling-sanitize-'));
  const progress = new Progress('sanitized run', jobs.length);
  try {
    console.log(`${jobs.length} sanitized suite runs, ${args.jobs} at a time`);
    const runs = await mapWithConcurrency(jobs, args.jobs, async (job, i) => {
      const id = `${job.tool} ${job.target === 'kernels' ? job.families.join(',') : job.target}`;
      progress.start(id);
      const record = await runJob(job, i, tmp, here.executable, args.timeoutMs);
      progress.done(id, formatSanitizerTable(buildSanitizerReport([record])).split('\n')[0] ?? '');
      return record;
    });
    const report = buildSanitizerReport(runs, excluded);
    writeArtifact(SANITIZER_FILE, report);
    console.log(formatSanitizerTable(report));
    return report.ok ? 0 : 1;
  } finally {
    progress.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

runIfEntry(import.meta.url, (argv) => main(argv));
