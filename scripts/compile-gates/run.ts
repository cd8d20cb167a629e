/**
 * Runs the compile gates of one kernel directory: every source file its manifest names, for every target it is held
 * to (manifest `targets`, else DEFAULT_TARGETS), warnings as errors, with the runner's own command line
 * (harness/toolchain.ts) through the shared content-keyed cache — a unit compiled once, by the runner, the gates or
 * an earlier run, is not compiled again. Also checks that the compiler reported every manifest function.
 */
import path from 'node:path';
import { commandText, compileUnit } from '../../harness/compile.ts';
import { compilerOf, CompilerMissingError, DEFAULT_TARGETS, kernelIncludeDirs, resolveCompiler, targetOf, versionLine, type GpuCompiler, type ResolvedCompiler } from '../../harness/toolchain.ts';
import { loadManifest } from '../../src/manifest/index.ts';
import { assertJobs, mapWithConcurrency } from '../../src/pool.ts';
import { hostPhiloxKat } from './host-checks.ts';
import type { CompileGatesReport, CompileResult } from './report.ts';
import { diagnosticLines, parseAmdgpuUsage, parsePtxasUsage } from './resource-usage.ts';

export const GPU_COMPILERS: readonly GpuCompiler[] = ['nvcc', 'hipcc'];

export interface CompileGatesOptions {
  readonly dir: string;
  /** Compiler processes at once. */
  readonly jobs: number;
  /** Compilers whose absence is a failure rather than a skip. */
  readonly required: readonly GpuCompiler[];
  /** Default: the manifest's `targets`, else DEFAULT_TARGETS. */
  readonly targets?: readonly string[];
  /** Compilers to use instead of those installed here (null: absent), for tests. */
  readonly compilers?: Partial<Record<GpuCompiler, ResolvedCompiler | null>>;
  readonly cacheDir?: string;
  /** Called as each result is decided (progress). */
  readonly onResult?: (r: CompileResult) => void;
}

/** The compilers installed here (null when absent), with any injected ones in their place. */
export async function installedCompilers(injected: CompileGatesOptions['compilers'] = {}): Promise<Record<GpuCompiler, ResolvedCompiler | null>> {
  const find = async (name: GpuCompiler): Promise<ResolvedCompiler | null> => {
    const given = injected[name];
    if (given !== undefined) return given;
    return resolveCompiler(name).catch((e: unknown) => {
      if (e instanceof CompilerMissingError) return null;
      throw e;
    });
  };
  return { nvcc: await find('nvcc'), hipcc: await find('hipcc') };
}

interface Job {
  readonly file: string;
  readonly target: string;
  readonly functions: readonly string[];
}

function judge(job: Job, log: string, exitCode: number | null): Pick<CompileResult, 'status' | 'reason' | 'diagnostics' | 'kernels' | 'missingFunctions'> {
  const kernels = targetOf(job.target).backend === 'cuda' ? parsePtxasUsage(log) : parseAmdgpuUsage(log);
  const diagnostics = diagnosticLines(log);
  const missingFunctions = job.functions.filter((f) => kernels[f] === undefined);
  const reason =
    exitCode !== 0
      ? `compiler exited with ${exitCode}`
      : diagnostics.length > 0
        ? 'warnings'
        : missingFunctions.length > 0
          ? 'manifest functions not compiled'
          : undefined;
  return {
    status: reason === undefined ? 'ok' : 'failed',
    ...(reason === undefined ? {} : { reason }),
    diagnostics: exitCode !== 0 && diagnostics.length === 0 ? log.split('\n').slice(-20) : diagnostics,
    kernels,
    missingFunctions,
  };
}

async function gateOne(job: Job, dir: string, compiler: ResolvedCompiler, cacheDir: string | undefined): Promise<CompileResult> {
  const target = targetOf(job.target);
  const started = Date.now();
  const out = await compileUnit({ source: path.join(dir, job.file), includeDirs: kernelIncludeDirs(dir), target, compiler, ...(cacheDir ? { cacheDir } : {}) });
  return {
    file: job.file,
    target: job.target,
    ...judge(job, out.log, out.ok ? 0 : out.exitCode),
    command: commandText(out.command, target),
    durationMs: Date.now() - started,
    cached: out.cached,
  };
}

function missingResult(job: Job, compiler: GpuCompiler, required: boolean): CompileResult {
  return {
    file: job.file,
    target: job.target,
    status: required ? 'failed' : 'skipped',
    reason: `${compiler} not found${required ? ' (required here)' : ''}`,
    diagnostics: [],
    kernels: {},
    missingFunctions: [],
  };
}

/** Every file × target, `jobs` compiler processes at a time (files with the most kernels first), and the host checks. */
export async function runCompileGates(o: CompileGatesOptions): Promise<CompileGatesReport> {
  assertJobs(o.jobs);
  const manifest = loadManifest(o.dir);
  const targets = o.targets ?? manifest.targets ?? DEFAULT_TARGETS;
  targets.forEach(targetOf);
  const compilers = await installedCompilers(o.compilers);
  const files = [...new Set(manifest.entries.map((e) => e.file))];
  const jobs: Job[] = files
    .map((file) => ({ file, functions: manifest.entries.filter((e) => e.file === file).map((e) => e.function) }))
    .sort((a, b) => b.functions.length - a.functions.length)
    .flatMap((f) => targets.map((target) => ({ ...f, target })));
  const host = hostPhiloxKat(manifest.dir);
  const results = await mapWithConcurrency(jobs, o.jobs, async (job) => {
    const name = compilerOf(targetOf(job.target).backend as 'cuda' | 'hip');
    const compiler = compilers[name];
    const r = compiler === null ? missingResult(job, name, o.required.includes(name)) : await gateOne(job, manifest.dir, compiler, o.cacheDir);
    o.onResult?.(r);
    return r;
  });
  const hostChecks = [await host];
  const ok = results.every((r) => r.status !== 'failed') && hostChecks.every((h) => h.status !== 'failed');
  const versions = { nvcc: compilers.nvcc ? versionLine(compilers.nvcc.version) : null, hipcc: compilers.hipcc ? versionLine(compilers.hipcc.version) : null };
  return { manifestDir: manifest.dir, ok, targets, compilers: versions, results, hostChecks };
}

/** In CI (the CI setting) both compilers are required, so a CI machine without one fails instead of skipping. */
export function requiredCompilers(ci: boolean, explicit: readonly string[] = []): GpuCompiler[] {
  for (const c of explicit) {
    if (!(GPU_COMPILERS as readonly string[]).includes(c)) throw new RangeError(`--require entries must be nvcc or hipcc, got '${c}'`);
  }
  if (explicit.length > 0) return [...new Set(explicit)] as GpuCompiler[];
  return ci ? [...GPU_COMPILERS] : [];
}
