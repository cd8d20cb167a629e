/**
 * Compiles a kernel source for one target (nvcc → cubin, hipcc → code object) and caches the binary on disk
 * under `<cacheDir>/<key>.bin`. The fake target "compiles" to the source bytes, for CPU tests of the runner.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BackendKind } from './backends/types.ts';
import { cacheKey } from './cache-key.ts';
import { collectIncludes } from './includes.ts';

const run = promisify(execFile);

export interface CompileTarget {
  readonly backend: BackendKind;
  /** 'sm_90', 'gfx90a', … ('fake' for the fake backend). */
  readonly arch: string;
}

export interface CompileOptions {
  readonly source: string;
  readonly includeDirs?: readonly string[];
  readonly defines?: Readonly<Record<string, string | number | boolean>>;
  readonly target: CompileTarget;
  readonly cacheDir?: string;
}

export interface CompiledKernel {
  readonly binary: Uint8Array;
  readonly key: string;
  readonly cached: boolean;
  readonly path: string;
}

export const DEFAULT_CACHE_DIR = path.resolve(import.meta.dirname, '..', '.cache', 'kernels');

export function cacheDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.SAMPLING_CACHE_DIR ? path.resolve(env.SAMPLING_CACHE_DIR) : DEFAULT_CACHE_DIR;
}

const DEFINE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The compiler flags (everything but input and output) for a target. */
export function compilerFlags(
  target: CompileTarget,
  includeDirs: readonly string[],
  defines: Readonly<Record<string, string | number | boolean>>,
): string[] {
  const common = [
    ...includeDirs.map((d) => `-I${path.resolve(d)}`),
    ...Object.entries(defines)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => {
        if (!DEFINE_NAME.test(k)) throw new RangeError(`defines key '${k}' must be a C identifier`);
        return `-D${k}=${typeof v === 'boolean' ? Number(v) : v}`;
      }),
  ];
  switch (target.backend) {
    case 'cuda':
      if (!/^sm_\d+a?$/.test(target.arch)) throw new RangeError(`target.arch must look like sm_90 for cuda, got '${target.arch}'`);
      return ['-cubin', `-arch=${target.arch}`, '-x', 'cu', '-std=c++17', '-O3', '-Werror', 'all-warnings', ...common];
    case 'hip':
      if (!/^gfx[0-9a-f]+(:[a-z+-:]+)?$/.test(target.arch)) throw new RangeError(`target.arch must look like gfx90a for hip, got '${target.arch}'`);
      return ['--genco', `--offload-arch=${target.arch}`, '-O3', '-Werror', ...common];
    case 'fake':
      return common;
  }
}

function compilerOf(backend: BackendKind): { cmd: string; env: NodeJS.ProcessEnv } | null {
  if (backend === 'cuda') return { cmd: 'nvcc', env: process.env };
  if (backend === 'hip') return { cmd: 'hipcc', env: { ...process.env, HIP_PLATFORM: 'amd' } };
  return null;
}

const versions = new Map<BackendKind, Promise<string>>();

/** The compiler's `--version` text (memoized); a missing compiler is a clear error. */
export function compilerVersion(backend: BackendKind): Promise<string> {
  let v = versions.get(backend);
  if (!v) {
    const c = compilerOf(backend);
    v = c
      ? run(c.cmd, ['--version'], { env: c.env }).then(
          (r) => r.stdout.trim(),
          (e: unknown) => {
            versions.delete(backend);
            throw new Error(`compiler ${c.cmd} for backend ${backend} is not runnable: ${e instanceof Error ? e.message : String(e)}`);
          },
        )
      : Promise.resolve('fake-compiler 1');
    versions.set(backend, v);
  }
  return v;
}

export async function compileKernel(opts: CompileOptions): Promise<CompiledKernel> {
  const includeDirs = opts.includeDirs ?? [];
  if (!existsSync(opts.source)) throw new RangeError(`source '${opts.source}' does not exist`);
  const source = await readFile(opts.source, 'utf8');
  const headers = await collectIncludes(opts.source, includeDirs);
  const flags = compilerFlags(opts.target, includeDirs, opts.defines ?? {});
  const version = await compilerVersion(opts.target.backend);
  const key = cacheKey({ source, headers, flags, arch: opts.target.arch, compilerVersion: version });
  const dir = opts.cacheDir ?? cacheDirFromEnv();
  const out = path.join(dir, `${key}.bin`);
  if (existsSync(out)) return { binary: new Uint8Array(await readFile(out)), key, cached: true, path: out };

  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `${key}.${process.pid}.${Date.now()}.tmp`);
  const compiler = compilerOf(opts.target.backend);
  try {
    if (compiler === null) {
      await writeFile(tmp, source);
    } else {
      try {
        await run(compiler.cmd, [...flags, '-o', tmp, path.resolve(opts.source)], {
          env: compiler.env,
          maxBuffer: 64 * 1024 * 1024,
          cwd: os.tmpdir(),
        });
      } catch (e) {
        const err = e as { stderr?: string; message?: string };
        throw new Error(`${compiler.cmd} failed for ${opts.source} (${opts.target.arch}):\n${err.stderr ?? err.message ?? String(e)}`);
      }
    }
    await rename(tmp, out); // atomic: a concurrent reader never sees half a binary
  } finally {
    await rm(tmp, { force: true });
  }
  return { binary: new Uint8Array(await readFile(out)), key, cached: false, path: out };
}
