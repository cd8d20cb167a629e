/**
 * Compile gates (no GPU needed): compiles every source file a kernel manifest names for each target it is held to
 * (sm_90 with nvcc, gfx90a and gfx1030 with hipcc by default), warnings as errors, records per-kernel resource usage
 * (registers, shared memory / LDS, spills, scratch) in compile-gates.json next to the report, checks that every
 * manifest function was compiled for every target, and runs the host Philox known-answer test. Compiles go through
 * the shared kernel cache (SAMPLING_CACHE_DIR), so a repeated run only re-reads the compilers' logs.
 *
 *   npx tsx scripts/compile-gates.ts [--dir kernels] [--out <file>] [--jobs N] [--require nvcc,hipcc]
 *
 * Exit status 0 iff nothing failed. A missing compiler skips its targets unless it is required (--require; in CI,
 * both): then it is a failure.
 */
import os from 'node:os';
import path from 'node:path';
import { config, REPO_ROOT } from '../src/config/index.ts';
import { intArg, listArg, parseCli } from '../src/mutation/args.ts';
import { runIfEntry } from '../src/mutation/run-cli.ts';
import { MAX_JOBS } from '../src/pool.ts';
import { COMPILE_GATES_FILE, formatResult } from './compile-gates/report.ts';
import { requiredCompilers, runCompileGates } from './compile-gates/run.ts';
import { writeArtifact } from './write-artifact.ts';

const USAGE = 'npx tsx scripts/compile-gates.ts [--dir <kernel dir>] [--out <file>] [--jobs N] [--require nvcc,hipcc]';

export interface CompileGatesCli {
  readonly dir: string;
  /** The report file; default compile-gates.json in the report directory. */
  readonly out: string | null;
  readonly jobs: number;
  readonly require: readonly string[];
}

export function parseCompileGatesArgs(argv: readonly string[], cores: number = os.availableParallelism()): CompileGatesCli {
  const v = parseCli(argv, { dir: { type: 'string' }, out: { type: 'string' }, jobs: { type: 'string' }, require: { type: 'string', multiple: true } }, USAGE);
  return {
    dir: path.resolve(v.dir ?? path.join(REPO_ROOT, 'kernels')),
    out: v.out === undefined ? null : path.resolve(v.out),
    jobs: intArg(v.jobs, '--jobs', 1, MAX_JOBS, cores),
    require: listArg(v.require),
  };
}

export async function main(argv: readonly string[]): Promise<number> {
  const cli = parseCompileGatesArgs(argv);
  const started = Date.now();
  const report = await runCompileGates({
    dir: cli.dir,
    jobs: cli.jobs,
    required: requiredCompilers(config().ci, cli.require),
    onResult: (r) => console.log(formatResult(r)),
  });
  for (const h of report.hostChecks) console.log(`${h.status.padEnd(7)} host    ${h.name}${h.status === 'ok' ? '' : `\n        ${h.output}`}`);
  const out = cli.out === null ? writeArtifact(COMPILE_GATES_FILE, report) : writeArtifact(path.basename(cli.out), report, path.dirname(cli.out));
  console.log(`${report.ok ? 'PASS' : 'FAIL'} in ${((Date.now() - started) / 1000).toFixed(1)} s: report written to ${out}`);
  return report.ok ? 0 : 1;
}

runIfEntry(import.meta.url, main);
