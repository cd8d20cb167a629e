/**
 * The GPU compilers and the one place their command lines are built. The runner (a kernel for the device it runs
 * on), the compile gates (every manifest file for every target) and the mutation checks all compile through
 * harness/compile.ts with these flags, so one compile of a unit serves every check that needs it: its binary for
 * the runner, its diagnostics and resource-usage remarks for the gates.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { childEnv } from '../src/config/index.ts';
import { errorMessage } from '../src/errors.ts';
import type { BackendKind } from './backends/types.ts';

const run = promisify(execFile);

export type GpuCompiler = 'nvcc' | 'hipcc';

export interface CompileTarget {
  readonly backend: BackendKind;
  /** 'sm_90', 'gfx90a', … ('fake' for the fake backend). */
  readonly arch: string;
}

/** The targets the project's kernels are compile-gated for; a manifest without `targets` is held to these. */
export const DEFAULT_TARGETS: readonly string[] = ['sm_90', 'gfx90a', 'gfx1030'];

const SM_ARCH = /^sm_\d+a?$/;
const GFX_ARCH = /^gfx[0-9a-f]+(:[a-z+-:]+)?$/;

/** The compile target of an architecture name: sm_NN → cuda (nvcc), gfxNNN → hip (hipcc). */
export function targetOf(arch: string): CompileTarget {
  if (SM_ARCH.test(arch)) return { backend: 'cuda', arch };
  if (GFX_ARCH.test(arch)) return { backend: 'hip', arch };
  throw new RangeError(`target '${arch}' must look like sm_90 (nvcc) or gfx90a (hipcc)`);
}

export function compilerOf(backend: 'cuda' | 'hip'): GpuCompiler {
  return backend === 'cuda' ? 'nvcc' : 'hipcc';
}

/** Where a toolkit keeps its compiler when its bin folder is not on PATH. */
const TOOLKIT_BIN: Readonly<Record<GpuCompiler, string>> = { nvcc: '/usr/local/cuda/bin', hipcc: '/opt/rocm/bin' };

/** hipcc drives the AMD toolchain only with HIP_PLATFORM=amd (it would pick nvcc on a CUDA machine). */
export function compilerEnv(compiler: GpuCompiler): NodeJS.ProcessEnv {
  return compiler === 'hipcc' ? childEnv({ HIP_PLATFORM: 'amd' }) : childEnv();
}

export interface ResolvedCompiler {
  readonly name: GpuCompiler;
  /** What to execute: the bare name (found on PATH) or the toolkit's path. */
  readonly command: string;
  /** `--version` output: part of every cache key, standing in for the toolkit's system headers. */
  readonly version: string;
}

/** A compiler that is not installed here: the caller decides whether that skips or fails. */
export class CompilerMissingError extends Error {
  constructor(
    readonly compiler: GpuCompiler,
    readonly detail: string,
  ) {
    super(`compiler ${compiler} is not runnable: ${detail}`);
    this.name = 'CompilerMissingError';
  }
}

async function versionOf(name: GpuCompiler, command: string): Promise<ResolvedCompiler> {
  const r = await run(command, ['--version'], { env: compilerEnv(name), timeout: 60_000 });
  return { name, command, version: r.stdout.trim() };
}

const resolved = new Map<GpuCompiler, Promise<ResolvedCompiler>>();

/** The compiler on PATH, else in its toolkit's bin folder (memoized per process); CompilerMissingError otherwise. */
export function resolveCompiler(name: GpuCompiler): Promise<ResolvedCompiler> {
  let r = resolved.get(name);
  if (r === undefined) {
    r = versionOf(name, name).catch((onPath: unknown) =>
      versionOf(name, path.join(TOOLKIT_BIN[name], name)).catch(() => {
        throw new CompilerMissingError(name, `not on PATH nor in ${TOOLKIT_BIN[name]} (${errorMessage(onPath)})`);
      }),
    );
    resolved.set(name, r);
  }
  return r;
}

/** The compiler's `--version` text for a backend ('fake' has a fixed one); CompilerMissingError when absent. */
export async function compilerVersion(backend: BackendKind): Promise<string> {
  return backend === 'fake' ? 'fake-compiler 1' : (await resolveCompiler(compilerOf(backend))).version;
}

/** The line of a `--version` text that names the release (nvcc: "Cuda compilation tools, release 13.0, …"). */
export function versionLine(version: string): string {
  const lines = version.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.find((l) => /\b(release|version)\b/i.test(l)) ?? lines.at(-1) ?? '';
}

const DEFINE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The compiler flags (everything but input and output) for a target: warnings are errors, and the compiler reports
 * each kernel's registers, shared memory and spills (ptxas -v; clang's kernel-resource-usage remarks), which the
 * compile gates read from the cached log. `includeDirs` are used as given (the cache key passes them relative).
 */
export function compilerFlags(
  target: CompileTarget,
  includeDirs: readonly string[],
  defines: Readonly<Record<string, string | number | boolean>>,
): string[] {
  const common = [
    ...includeDirs.map((d) => `-I${d}`),
    ...Object.entries(defines)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => {
        if (!DEFINE_NAME.test(k)) throw new RangeError(`defines key '${k}' must be a C identifier`);
        return `-D${k}=${typeof v === 'boolean' ? Number(v) : v}`;
      }),
  ];
  switch (target.backend) {
    case 'cuda':
      if (!SM_ARCH.test(target.arch)) throw new RangeError(`target.arch must look like sm_90 for cuda, got '${target.arch}'`);
      return ['-cubin', `-arch=${target.arch}`, '-x', 'cu', '-std=c++17', '-O3', '-Werror', 'all-warnings', '-Xptxas', '-v', ...common];
    case 'hip':
      if (!GFX_ARCH.test(target.arch)) throw new RangeError(`target.arch must look like gfx90a for hip, got '${target.arch}'`);
      return ['--genco', `--offload-arch=${target.arch}`, '-std=c++17', '-O3', '-Wall', '-Werror', '-Rpass-analysis=kernel-resource-usage', ...common];
    case 'fake':
      return common;
  }
}

/** The include folders of a kernel directory: headers are named either way in user kernel directories. */
export function kernelIncludeDirs(kernelDir: string): string[] {
  return [path.resolve(kernelDir), path.resolve(kernelDir, 'include')];
}
