/**
 * Loads the configuration once: `sampling.config.json` (optional, in the repository root or where SAMPLING_CONFIG
 * points), then the environment, which wins. Every problem is collected and thrown together as one ConfigError, so
 * a run with a malformed setting stops at startup with one line per setting instead of skipping tests or failing
 * deep inside one.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage } from '../errors.ts';
import { DEFAULT_BUDGET_MS } from '../limits.ts';
import { parseSetting, SETTINGS, type BackendChoice, type ParseContext, type SettingName, type SettingSpec } from './settings.ts';

/** The repository root: the directory of package.json. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CONFIG_FILE_NAME = 'sampling.config.json';
export const CONFIG_FILE_ENV = 'SAMPLING_CONFIG';

export interface Config {
  readonly root: string;
  /** The config file that was read, or null. */
  readonly configFile: string | null;
  readonly backend: BackendChoice;
  readonly requireGpu: boolean;
  readonly budgetMs: number;
  /** True when a budget was set explicitly: it then replaces every per-kernel budget of the manifest. */
  readonly budgetExplicit: boolean;
  readonly seed: bigint | null;
  readonly freshSeed: boolean;
  readonly kernelDir: string;
  /** True when the kernel directory was chosen (not the repository's kernels/). */
  readonly kernelDirExplicit: boolean;
  readonly cacheDir: string;
  readonly reportDir: string;
  readonly regressionDir: string;
  readonly gitCommit: string | null;
  readonly hipArch: string | null;
  readonly ci: boolean;
  readonly chromium: string | null;
  readonly computeSanitizer: string | null;
  readonly cudaHome: string | null;
  readonly benchKernels: RegExp | null;
  readonly benchShapes: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly root?: string;
}

type Raw = Partial<Record<SettingName, { readonly value: unknown; readonly origin: string; readonly ctx: ParseContext }>>;

function readFile(sources: ConfigSources, root: string, problems: string[]): { file: string | null; values: Record<string, unknown> } {
  const pointed = sources.env[CONFIG_FILE_ENV];
  const file = pointed !== undefined && pointed.trim() !== '' ? path.resolve(root, pointed.trim()) : path.join(root, CONFIG_FILE_NAME);
  if (!existsSync(file)) {
    if (pointed !== undefined && pointed.trim() !== '') problems.push(`${CONFIG_FILE_ENV} must name an existing JSON file, got ${JSON.stringify(pointed)} (${file} does not exist)`);
    return { file: null, values: {} };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    problems.push(`${file} is not valid JSON: ${errorMessage(e)}`);
    return { file, values: {} };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`${file} must hold a JSON object of settings`);
    return { file, values: {} };
  }
  const keys: string[] = Object.values(SETTINGS).flatMap((s) => ('key' in s ? [s.key] : []));
  for (const k of Object.keys(parsed)) if (!keys.includes(k)) problems.push(`${file}: unknown setting '${k}'; allowed: ${keys.join(', ')}`);
  return { file, values: parsed as Record<string, unknown> };
}

function collect(sources: ConfigSources, root: string, problems: string[]): { raw: Raw; file: string | null } {
  const { file, values } = readFile(sources, root, problems);
  const raw: Raw = {};
  for (const [name, spec] of Object.entries(SETTINGS) as [SettingName, (typeof SETTINGS)[SettingName]][]) {
    const fromEnv = sources.env[spec.env];
    if (fromEnv !== undefined && fromEnv !== '') raw[name] = { value: fromEnv, origin: spec.env, ctx: { base: root } };
    else if ('key' in spec && file !== null && values[spec.key] !== undefined) {
      raw[name] = { value: values[spec.key], origin: `${path.basename(file)}: ${spec.key}`, ctx: { base: path.dirname(file) } };
    }
  }
  return { raw, file };
}

export type SettingValues = { readonly [N in SettingName]: Config[N] };

/** What each setting is when nothing sets it. */
function defaults(root: string): SettingValues {
  return {
    backend: 'auto',
    requireGpu: false,
    budgetMs: DEFAULT_BUDGET_MS,
    seed: null,
    freshSeed: false,
    kernelDir: path.join(root, 'kernels'),
    cacheDir: path.join(root, '.cache', 'kernels'),
    reportDir: path.join(root, 'reports'),
    regressionDir: path.join(root, 'fixtures', 'regressions'),
    gitCommit: null,
    hipArch: null,
    ci: false,
    chromium: null,
    computeSanitizer: null,
    cudaHome: null,
    benchKernels: null,
    benchShapes: null,
  };
}

/** The parsed value of one collected setting, or its default when unset; a malformed value throws RangeError. */
function valueOf<N extends SettingName>(name: N, raw: Raw, fallback: SettingValues): SettingValues[N] {
  const r = raw[name];
  if (r === undefined) return fallback[name];
  return parseSetting(SETTINGS[name] as SettingSpec<unknown>, r.value, r.ctx, r.origin) as SettingValues[N];
}

/** Parses and validates every setting; throws one ConfigError naming each bad setting and its allowed values. */
export function loadConfig(sources: ConfigSources): Config {
  const root = path.resolve(sources.root ?? REPO_ROOT);
  const problems: string[] = [];
  const { raw, file } = collect(sources, root, problems);
  const fallback = defaults(root);
  const values: Partial<Record<SettingName, unknown>> = {};
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    try {
      values[name] = valueOf(name, raw, fallback);
    } catch (e) {
      problems.push(errorMessage(e));
      values[name] = fallback[name];
    }
  }
  const config: Config = {
    ...(values as SettingValues),
    root,
    configFile: file,
    budgetExplicit: raw.budgetMs !== undefined,
    kernelDirExplicit: raw.kernelDir !== undefined,
  };
  if (config.requireGpu && (config.backend === 'none' || config.backend === 'fake')) {
    problems.push(`SAMPLING_REQUIRE_GPU=1 contradicts SAMPLING_BACKEND=${config.backend}: a required GPU needs backend auto, cuda or hip`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/**
 * One setting as loadConfig gives it, read on its own and never throwing: for a writer that must keep working when
 * the configuration as a whole is invalid (the report of a run that stopped on that very error). Problems of other
 * settings and of the file as a whole are loadConfig's to report; `error` is this setting's own, and `value` is then
 * its default.
 */
export function loadSetting<N extends SettingName>(name: N, sources: ConfigSources): { readonly value: SettingValues[N]; readonly error?: string } {
  const root = path.resolve(sources.root ?? REPO_ROOT);
  const fallback = defaults(root);
  try {
    return { value: valueOf(name, collect(sources, root, []).raw, fallback) };
  } catch (e) {
    return { value: fallback[name], error: errorMessage(e) };
  }
}
