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
import { DEFAULT_BUDGET_MS, parseSetting, SETTINGS, type BackendChoice, type ParseContext, type SettingName, type SettingSpec, type SettingValue } from './settings.ts';

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

/** Parses and validates every setting; throws one ConfigError naming each bad setting and its allowed values. */
export function loadConfig(sources: ConfigSources): Config {
  const root = path.resolve(sources.root ?? REPO_ROOT);
  const problems: string[] = [];
  const { raw, file } = collect(sources, root, problems);
  const get = <N extends SettingName>(name: N): SettingValue<N> | null => {
    const r = raw[name];
    if (r === undefined) return null;
    try {
      return parseSetting(SETTINGS[name] as SettingSpec<unknown>, r.value, r.ctx, r.origin) as SettingValue<N>;
    } catch (e) {
      problems.push(errorMessage(e));
      return null;
    }
  };
  const config: Config = {
    root,
    configFile: file,
    backend: get('backend') ?? 'auto',
    requireGpu: get('requireGpu') ?? false,
    budgetMs: get('budgetMs') ?? DEFAULT_BUDGET_MS,
    budgetExplicit: raw.budgetMs !== undefined,
    seed: get('seed'),
    freshSeed: get('freshSeed') ?? false,
    kernelDir: get('kernelDir') ?? path.join(root, 'kernels'),
    kernelDirExplicit: raw.kernelDir !== undefined,
    cacheDir: get('cacheDir') ?? path.join(root, '.cache', 'kernels'),
    reportDir: get('reportDir') ?? path.join(root, 'reports'),
    regressionDir: get('regressionDir') ?? path.join(root, 'fixtures', 'regressions'),
    gitCommit: get('gitCommit'),
    hipArch: get('hipArch'),
    ci: get('ci') ?? false,
    chromium: get('chromium'),
    computeSanitizer: get('computeSanitizer'),
    cudaHome: get('cudaHome'),
    benchKernels: get('benchKernels'),
    benchShapes: get('benchShapes'),
  };
  if (config.requireGpu && (config.backend === 'none' || config.backend === 'fake')) {
    problems.push(`SAMPLING_REQUIRE_GPU=1 contradicts SAMPLING_BACKEND=${config.backend}: a required GPU needs backend auto, cuda or hip`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
