/**
 * Every setting of the harness, in one table: its environment variable, its key in `sampling.config.json`, its
 * default and how its text is parsed. The loader (load.ts) reads nothing that is not declared here, the docs table
 * (docs/configuration.md) is generated from it, and no other module reads `process.env`.
 */
import path from 'node:path';
import { DEFAULT_BUDGET_MS, MAX_BUDGET_MS } from '../limits.ts';

export type BackendChoice = 'auto' | 'cuda' | 'hip' | 'none' | 'fake';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'cuda', 'hip', 'none', 'fake'];

const U64_MAX = (1n << 64n) - 1n;

/** What a parser needs besides the value. */
export interface ParseContext {
  /** Directory relative paths are resolved against (the repository root, or the config file's directory). */
  readonly base: string;
}

export interface SettingSpec<T> {
  /** Environment variable (always wins over the file). */
  readonly env: string;
  /** Key in sampling.config.json; absent for settings only the environment can set. */
  readonly key?: string;
  /** What the docs table shows as the default. */
  readonly defaultText: string;
  readonly description: string;
  /** The allowed values, in the words of the error message. */
  readonly allowed: string;
  /** Parses a non-empty value (text from the environment, JSON from the file); throws with `allowed` on bad input. */
  parse(value: unknown, ctx: ParseContext): T;
}

class SettingError extends Error {}

function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new SettingError(`a ${typeof value}`);
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
}

function flag(value: unknown): boolean {
  if (value === true || value === false) return value;
  const t = text(value).toLowerCase();
  if (t === '1' || t === 'true') return true;
  if (t === '0' || t === 'false') return false;
  throw new SettingError(shown(value));
}

function dir(value: unknown, ctx: ParseContext): string {
  const t = text(value);
  if (t === '') throw new SettingError('an empty string');
  return path.resolve(ctx.base, t);
}

function choice<T extends string>(options: readonly T[]) {
  return (value: unknown): T => {
    const t = text(value);
    if ((options as readonly string[]).includes(t)) return t as T;
    throw new SettingError(shown(value));
  };
}

function budget(value: unknown): number {
  const t = text(value);
  const n = Number(t);
  if (t === '' || !Number.isFinite(n) || n <= 0 || n > MAX_BUDGET_MS) throw new SettingError(shown(value));
  return n;
}

function u64(value: unknown): bigint {
  const t = text(value);
  if (!/^(?:\d+|0[xX][0-9a-fA-F]+)$/.test(t)) throw new SettingError(shown(value));
  const v = BigInt(t);
  if (v > U64_MAX) throw new SettingError(shown(value));
  return v;
}

function gitHash(value: unknown): string {
  const t = text(value).toLowerCase();
  if (!/^[0-9a-f]{7,64}$/.test(t)) throw new SettingError(shown(value));
  return t;
}

function gfxArch(value: unknown): string {
  const t = text(value);
  if (!/^gfx[0-9a-f]+(:[a-z+-:]+)?$/.test(t)) throw new SettingError(shown(value));
  return t;
}

function regex(value: unknown): RegExp {
  const t = text(value);
  try {
    return new RegExp(t);
  } catch {
    throw new SettingError(shown(value));
  }
}

function file(value: unknown, ctx: ParseContext): string {
  return dir(value, ctx);
}

function freeText(value: unknown): string {
  const t = text(value);
  if (t === '') throw new SettingError('an empty string');
  return t;
}

/** Wraps a parser so its failure names the setting and its allowed values. */
export function parseSetting<T>(spec: SettingSpec<T>, value: unknown, ctx: ParseContext, origin: string): T {
  try {
    return spec.parse(value, ctx);
  } catch (e) {
    const got = e instanceof SettingError ? e.message : shown(value);
    throw new RangeError(`${origin} must be ${spec.allowed}, got ${got}`);
  }
}

export const SETTINGS = {
  backend: {
    env: 'SAMPLING_BACKEND',
    key: 'backend',
    defaultText: 'auto',
    description:
      'GPU runtime: `auto` (CUDA if it has a device, else HIP), `cuda` or `hip` (that runtime or a failed run), `none` (GPU tests not run), `fake` (the CPU fake backend of the runner\'s own tests)',
    allowed: `one of ${BACKEND_CHOICES.join(', ')}`,
    parse: choice(BACKEND_CHOICES),
  },
  requireGpu: {
    env: 'SAMPLING_REQUIRE_GPU',
    key: 'requireGpu',
    defaultText: '0',
    description: 'A GPU gate: `1` makes a run without a usable GPU a failure instead of NOT VERIFIED',
    allowed: '1, 0, true or false',
    parse: flag,
  },
  budgetMs: {
    env: 'SAMPLING_BUDGET_MS',
    key: 'budgetMs',
    defaultText: String(DEFAULT_BUDGET_MS),
    description: 'Watchdog budget of one launch in ms; when set it also replaces every per-kernel budget of the manifest',
    allowed: `a number of milliseconds in (0, ${MAX_BUDGET_MS}]`,
    parse: budget,
  },
  seed: {
    env: 'SAMPLING_SEED',
    key: 'seed',
    defaultText: 'recorded default',
    description: 'Base seed of the statistical tests (decimal or 0x-hex u64): replays a printed run',
    allowed: 'a decimal or 0x-hex integer in [0, 2^64 - 1]',
    parse: u64,
  },
  freshSeed: {
    env: 'SAMPLING_FRESH_SEED',
    key: 'freshSeed',
    defaultText: '0',
    description: '`1`: draw a fresh base seed and print it (ignored when SAMPLING_SEED is set)',
    allowed: '1, 0, true or false',
    parse: flag,
  },
  kernelDir: {
    env: 'SAMPLING_KERNEL_DIR',
    key: 'kernelDir',
    defaultText: 'kernels/',
    description: 'Kernel directory with its own manifest.json: point the suites at your kernels (absolute, or relative to the repository)',
    allowed: 'a directory path',
    parse: dir,
  },
  cacheDir: {
    env: 'SAMPLING_CACHE_DIR',
    key: 'cacheDir',
    defaultText: '.cache/kernels',
    description: 'Compiled-kernel cache, keyed by content (source, headers, flags, compiler version)',
    allowed: 'a directory path',
    parse: dir,
  },
  reportDir: {
    env: 'SAMPLING_REPORT_DIR',
    key: 'reportDir',
    defaultText: 'reports/',
    description: 'Where the report (index.html, results.json) and the scripts\' artifacts are written',
    allowed: 'a directory path',
    parse: dir,
  },
  regressionDir: {
    env: 'SAMPLING_REGRESSION_DIR',
    key: 'regressionDir',
    defaultText: 'fixtures/regressions/',
    description: 'Where failing rows are saved and replayed from (mutant and sanitizer runs use their own)',
    allowed: 'a directory path',
    parse: dir,
  },
  gitCommit: {
    env: 'SAMPLING_GIT_COMMIT',
    defaultText: '`git rev-parse HEAD`',
    description: 'Commit recorded in the report when the tree has no .git (a copied checkout)',
    allowed: 'a git hash of 7 to 64 hex digits',
    parse: gitHash,
  },
  hipArch: {
    env: 'SAMPLING_HIP_ARCH',
    key: 'hipArch',
    defaultText: 'the device\'s gcnArchName',
    description: 'HIP target when the runtime does not report one (e.g. gfx90a)',
    allowed: 'a gfx target such as gfx90a',
    parse: gfxArch,
  },
  ci: {
    env: 'CI',
    defaultText: 'unset',
    description: 'Set by CI services (any value but empty, 0 or false): the report records it and the compile gates then require both nvcc and hipcc',
    allowed: 'any text',
    parse: (value: unknown): boolean => !['', '0', 'false'].includes(text(value).toLowerCase()),
  },
  chromium: {
    env: 'CHROMIUM',
    defaultText: 'first of /usr/bin/chromium, …',
    description: 'Headless browser for the report\'s browser test',
    allowed: 'an executable path',
    parse: file,
  },
  computeSanitizer: {
    env: 'COMPUTE_SANITIZER',
    defaultText: 'PATH, $CUDA_HOME/bin, /usr/local/cuda/bin',
    description: 'compute-sanitizer executable for `npm run sanitize`',
    allowed: 'an executable path',
    parse: file,
  },
  cudaHome: {
    env: 'CUDA_HOME',
    defaultText: 'unset',
    description: 'CUDA toolkit root, searched for compute-sanitizer',
    allowed: 'a directory path',
    parse: dir,
  },
  benchKernels: {
    env: 'BENCH_KERNELS',
    defaultText: 'all',
    description: '`npm run bench`: a regular expression over entry-point names',
    allowed: 'a regular expression',
    parse: regex,
  },
  benchShapes: {
    env: 'BENCH_SHAPES',
    defaultText: 'the default grid',
    description: '`npm run bench`: shapes as BATCHxVOCAB, comma-separated (e.g. 64x151936,1x32000)',
    allowed: 'BATCHxVOCAB entries separated by commas',
    parse: freeText,
  },
} as const satisfies Record<string, SettingSpec<unknown>>;

export type SettingName = keyof typeof SETTINGS;
export type SettingValue<N extends SettingName> = ReturnType<(typeof SETTINGS)[N]['parse']>;
