/**
 * The process's configuration, loaded once from the environment and `sampling.config.json` (see load.ts for the
 * precedence and settings.ts for every setting). Everything that used to read `process.env` asks `config()`.
 */
import { loadConfig, loadSetting, type Config, type SettingValues } from './load.ts';
import type { SettingName } from './settings.ts';

export { ConfigError, CONFIG_FILE_ENV, CONFIG_FILE_NAME, loadConfig, loadSetting, REPO_ROOT, type Config, type ConfigSources } from './load.ts';
export { BACKEND_CHOICES, SETTINGS, type BackendChoice, type SettingName } from './settings.ts';

let loaded: Config | null = null;

/** The configuration of this process (parsed on first use; a bad setting throws ConfigError). */
export function config(): Config {
  loaded ??= loadConfig({ env: process.env });
  return loaded;
}

/**
 * One setting of this process, never throwing: its configured value when the whole configuration is valid, else
 * that setting read on its own (loadSetting), with its own problem as `error`. For writers that must work when
 * config() throws: the report of a run that stopped on a malformed setting still has to be written.
 */
export function settingAlone<N extends SettingName>(name: N): { readonly value: SettingValues[N]; readonly error?: string } {
  try {
    return { value: config()[name] };
  } catch {
    return loadSetting(name, { env: process.env });
  }
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
