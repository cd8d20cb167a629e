/**
 * The process's configuration, loaded once from the environment and `sampling.config.json` (see load.ts for the
 * precedence and settings.ts for every setting). Everything that used to read `process.env` asks `config()`.
 */
import { loadConfig, type Config } from './load.ts';

export { ConfigError, CONFIG_FILE_ENV, CONFIG_FILE_NAME, loadConfig, REPO_ROOT, type Config, type ConfigSources } from './load.ts';
export { BACKEND_CHOICES, DEFAULT_BUDGET_MS, MAX_BUDGET_MS, SETTINGS, type BackendChoice, type SettingName } from './settings.ts';

let loaded: Config | null = null;

/** The configuration of this process (parsed on first use; a bad setting throws ConfigError). */
export function config(): Config {
  loaded ??= loadConfig({ env: process.env });
  return loaded;
}

/**
 * The environment a child process (vitest, a compiler, compute-sanitizer) inherits, with `overrides` applied.
 * Passing the environment on is not reading it: the child parses its own configuration.
 */
export function childEnv(overrides: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}
