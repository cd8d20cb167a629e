/**
 * Compiles a kernel source for one target (nvcc → cubin, hipcc → code object) through a content-keyed cache:
 * `<cacheDir>/<key>.bin` holds the binary and `<key>.log` the compiler's output (diagnostics, resource usage), so
 * the runner, the compile gates and the mutation checks share one compile of each unit. Processes compiling the
 * same key at once (test files side by side, mutants sharing a unit) wait for one compiler run instead of
 * repeating it. A failed compile is cached (`<key>.fail`) only when the compiler located the error in the source.
 * The fake target "compiles" to the source bytes, for CPU tests.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { config } from '../src/config/index.ts';
import { cacheKey } from './cache-key.ts';
import { withKeyLock } from './compile-lock.ts';
import { collectIncludes } from './includes.ts';
import { compilerEnv, compilerFlags, compilerOf, resolveCompiler, type CompileTarget, type ResolvedCompiler } from './toolchain.ts';

export type { CompileTarget } from './toolchain.ts';
export { compilerFlags, compilerVersion } from './toolchain.ts';

export interface CompileOptions {
  readonly source: string;
  readonly includeDirs?: readonly string[];
  readonly defines?: Readonly<Record<string, string | number | boolean>>;
  readonly target: CompileTarget;
  /** Default: the configured cache directory (SAMPLING_CACHE_DIR). */
  readonly cacheDir?: string;
  /** The compiler to use, already resolved (default: resolveCompiler for the target's backend). */
  readonly compiler?: ResolvedCompiler;
}

export interface CompiledKernel {
  readonly binary: Uint8Array;
  readonly key: string;
  readonly cached: boolean;
  readonly path: string;
  /** The compiler's stdout and stderr (resource-usage notes; warnings would have failed the compile). */
  readonly log: string;
}

export type CompileOutcome =
  | ({ readonly ok: true; readonly command: readonly string[] } & CompiledKernel)
  | {
      readonly ok: false;
      readonly key: string;
      readonly command: readonly string[];
      readonly exitCode: number | null;
      readonly log: string;
      /** The same inputs failed before with a diagnostic in the source: the failure was read from the cache. */
      readonly cached: boolean;
    };

export function cacheDirFromConfig(): string {
  return config().cacheDir;
}

interface Prepared {
  readonly key: string;
  readonly command: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly source: string;
}

/** The cache key and the command line. The key names include folders relative to the source, so a copy of a
 * kernel directory elsewhere (another clone, a materialized mutant) hits the same entry. */
async function prepare(opts: CompileOptions): Promise<Prepared> {
  const source = path.resolve(opts.source);
  if (!existsSync(source)) throw new RangeError(`source '${opts.source}' does not exist`);
  const includeDirs = (opts.includeDirs ?? []).map((d) => path.resolve(d));
  const defines = opts.defines ?? {};
  const flags = compilerFlags(opts.target, includeDirs, defines);
  const here = path.dirname(source);
  const relative = (p: string): string => path.relative(here, p).split(path.sep).join('/') || '.';
  const headers = (await collectIncludes(source, includeDirs)).map((h) => ({ name: relative(h.path), content: h.content }));
  const backend = opts.target.backend;
  const compiler = backend === 'fake' ? null : (opts.compiler ?? (await resolveCompiler(compilerOf(backend))));
  const key = cacheKey({
    source: await readFile(source, 'utf8'),
    headers,
    flags: compilerFlags(opts.target, includeDirs.map(relative), defines),
    arch: opts.target.arch,
    compilerVersion: compiler?.version ?? 'fake-compiler 1',
  });
  const command = compiler === null ? ['fake-compile'] : [compiler.command, ...flags];
  return { key, command, env: compiler === null ? {} : compilerEnv(compiler.name), source };
}

function runCompiler(command: readonly string[], env: NodeJS.ProcessEnv, out: string, source: string): Promise<{ code: number | null; log: string }> {
  const [cmd, ...args] = command as [string, ...string[]];
  return new Promise((resolve) => {
    // cwd: the compilers write scratch files next to it
    execFile(cmd, [...args, '-o', out, source], { env, maxBuffer: 64 * 1024 * 1024, cwd: os.tmpdir() }, (error, stdout, stderr) => {
      const log = `${stdout}${stderr}`;
      if (error === null) resolve({ code: 0, log });
      else resolve({ code: typeof error.code === 'number' ? error.code : null, log: log === '' ? error.message : log });
    });
  });
}

async function readEntry(dir: string, key: string): Promise<CompiledKernel> {
  const bin = path.join(dir, `${key}.bin`);
  const log = path.join(dir, `${key}.log`);
  const now = new Date();
  await utimes(bin, now, now).catch(() => undefined); // last use, for pruning a long-lived cache
  return { binary: new Uint8Array(await readFile(bin)), key, cached: true, path: bin, log: await readFile(log, 'utf8').catch(() => '') };
}

/** Writes `<key>.log` then `<key>.bin`, each by an atomic rename: a reader that sees the binary sees its log. */
async function store(dir: string, key: string, tmpBin: string, log: string): Promise<void> {
  const tmpLog = `${tmpBin}.log`;
  await writeFile(tmpLog, log);
  await rename(tmpLog, path.join(dir, `${key}.log`));
  await rename(tmpBin, path.join(dir, `${key}.bin`));
}

/** A diagnostic located in a source file (clang `f:12:3: error`, nvcc `f(12): error`): the same inputs fail the same way. */
const SOURCE_DIAGNOSTIC = /^\S[^\n]*?(?::\d+:\d+|\(\d+\)): (?:fatal )?(?:error|warning)\b/m;

/**
 * Whether a failed compile may be cached: only one the compiler explained with a diagnostic in the source. A crash,
 * a kill or an out-of-memory failure names no source line and is tried again next time.
 */
export function isDeterministicFailure(exitCode: number | null, log: string): boolean {
  return exitCode !== null && exitCode !== 0 && SOURCE_DIAGNOSTIC.test(log);
}

interface CachedFailure {
  readonly exitCode: number | null;
  readonly log: string;
}

async function readFailure(file: string): Promise<CachedFailure | null> {
  try {
    const f = JSON.parse(await readFile(file, 'utf8')) as CachedFailure;
    return typeof f.log === 'string' ? f : null;
  } catch {
    return null;
  }
}

/** The entry for a key if the cache holds one: a binary, or a failure the compiler explained. */
async function lookup(dir: string, p: Prepared): Promise<CompileOutcome | null> {
  if (existsSync(path.join(dir, `${p.key}.bin`))) return { ok: true, command: p.command, ...(await readEntry(dir, p.key)) };
  const failed = await readFailure(path.join(dir, `${p.key}.fail`));
  return failed === null ? null : { ok: false, key: p.key, command: p.command, exitCode: failed.exitCode, log: failed.log, cached: true };
}

async function build(dir: string, p: Prepared, fake: boolean): Promise<CompileOutcome> {
  const tmp = path.join(dir, `${p.key}.${process.pid}.${Date.now()}.tmp`);
  try {
    let log = '';
    if (fake) await writeFile(tmp, await readFile(p.source));
    else {
      const r = await runCompiler(p.command, p.env, tmp, p.source);
      if (r.code !== 0) {
        if (isDeterministicFailure(r.code, r.log)) {
          await writeFile(tmp, JSON.stringify({ exitCode: r.code, log: r.log }));
          await rename(tmp, path.join(dir, `${p.key}.fail`));
        }
        return { ok: false, key: p.key, command: p.command, exitCode: r.code, log: r.log, cached: false };
      }
      log = r.log;
    }
    await store(dir, p.key, tmp, log);
  } finally {
    await rm(tmp, { force: true });
    await rm(`${tmp}.log`, { force: true });
  }
  return { ok: true, command: p.command, ...(await readEntry(dir, p.key)), cached: false };
}

/**
 * Compiles (or finds in the cache) one unit. A compiler error is an outcome (cached when the compiler located it in
 * the source); a missing compiler or source throws.
 */
export async function compileUnit(opts: CompileOptions): Promise<CompileOutcome> {
  const p = await prepare(opts);
  const dir = opts.cacheDir ?? cacheDirFromConfig();
  const hit = await lookup(dir, p);
  if (hit !== null) return hit;
  await mkdir(dir, { recursive: true });
  const done = (): boolean => existsSync(path.join(dir, `${p.key}.bin`)) || existsSync(path.join(dir, `${p.key}.fail`));
  return withKeyLock(path.join(dir, `${p.key}.lock`), done, async () => (await lookup(dir, p)) ?? build(dir, p, opts.target.backend === 'fake'));
}

/** One line naming the command, for reports and error messages. */
export function commandText(command: readonly string[], target: CompileTarget): string {
  return [...(target.backend === 'hip' ? ['HIP_PLATFORM=amd'] : []), ...command].join(' ');
}

/** Compiles (or finds in the cache) one kernel for the runner; a failed compile throws with the compiler's output. */
export async function compileKernel(opts: CompileOptions): Promise<CompiledKernel> {
  const r = await compileUnit(opts);
  if (!r.ok) {
    const name = compilerOf(opts.target.backend === 'fake' ? 'cuda' : opts.target.backend);
    throw new Error(`${name} failed for ${opts.source} (${opts.target.arch}):\n${r.log}`);
  }
  const { ok: _ok, command: _command, ...kernel } = r;
  return kernel;
}
