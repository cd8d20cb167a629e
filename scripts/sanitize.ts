/**
 * `npm run sanitize` (GPU, NVIDIA): the suites under compute-sanitizer memcheck and racecheck, on the shipped
 * kernels (must be clean) and on the corpus's sanitizer mutants (out-of-bounds → memcheck, race → racecheck; each
 * must be caught). Writes reports/sanitizer.json, prints a table; exit 1 unless every run is as expected.
 *   npx tsx scripts/sanitize.ts [--families a,b] [--only <mutant id>] [--timeout-s N] [--jobs N]
 * --only runs just the named mutants (no shipped-kernel runs).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTANT_CORPUS } from '../mutants/corpus.ts';
import { parseScriptArgs } from '../src/mutation/args.ts';
import { materializeMutant } from '../src/mutation/materialize.ts';
import { listFamilies } from '../src/mutation/run-vitest.ts';
import { buildSanitizerReport, formatSanitizerTable, judgeSanitizerRun, type SanitizerRunRecord } from '../src/mutation/sanitizer-report.ts';
import { mapWithConcurrency } from '../src/pool.ts';
import { runSuitesUnderSanitizer, sanitizedRunNote } from '../src/mutation/sanitizer-run.ts';
import { assertValidCorpus, SANITIZER_TOOLS, type MutantSpec, type SanitizerTool } from '../src/mutation/spec.ts';
import { runIfEntry } from '../src/mutation/run-cli.ts';
import { stampArtifact } from '../src/report/artifacts.ts';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

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

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseScriptArgs(argv);
  const mutants = sanitizerMutants(assertValidCorpus(MUTANT_CORPUS), args.only);
  const families = args.families ?? (await listFamilies(REPO_ROOT));
  if (families.length === 0) throw new RangeError('no suite families found under suites/ (pass --families a,b)');
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'sampling-sanitize-'));
  try {
    const kernels = path.join(REPO_ROOT, 'kernels');
    const jobs = sanitizeJobs(args.only.length > 0 ? [] : families, mutants);
    console.log(`${jobs.length} sanitized suite runs, ${args.jobs} at a time ...`);
    const runs = await mapWithConcurrency(jobs, args.jobs, async (job, i): Promise<SanitizerRunRecord> => {
      const workDir = path.join(tmp, `${i}-${job.tool}`);
      const kernelDir = job.spec === undefined ? kernels : (await materializeMutant(job.spec, kernels, path.join(workDir, 'kernels'))).dir;
      const s = await runSuitesUnderSanitizer({ repoRoot: REPO_ROOT, tool: job.tool, kernelDir, families: job.families, workDir, timeoutMs: args.timeoutMs });
      const o = s.suites.outcome;
      const record = judgeSanitizerRun(job.target, job.tool, job.families, s.log, job.spec === undefined ? 'clean' : 'caught', sanitizedRunNote(s), {
        tests: o === null ? null : { passed: o.passed, failed: o.failed, skipped: o.skipped },
        ms: s.suites.ms,
      });
      console.log(formatSanitizerTable(buildSanitizerReport([record])).split('\n')[0]);
      return record;
    });
    const report = buildSanitizerReport(runs);
    await mkdir(path.join(REPO_ROOT, 'reports'), { recursive: true });
    await writeFile(path.join(REPO_ROOT, 'reports', 'sanitizer.json'), JSON.stringify(stampArtifact(report, REPO_ROOT), null, 2) + '\n');
    console.log(formatSanitizerTable(report));
    return report.ok ? 0 : 1;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

runIfEntry(import.meta.url, main);
