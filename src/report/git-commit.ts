/**
 * The commit the report was made from; absent outside a git checkout or without git. A GPU machine often gets a
 * copy of the tree without .git, so the configured commit (SAMPLING_GIT_COMMIT, set by whoever shipped the copy)
 * takes precedence.
 */
import { execFileSync } from 'node:child_process';
import { config, settingAlone } from '../config/index.ts';

/** The configured commit (`given`) when there is one, else `git rev-parse HEAD` in `cwd`. */
export function gitCommit(cwd: string, given: string | null = config().gitCommit): string | undefined {
  if (given !== null) return given;
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    const commit = out.trim();
    return /^[0-9a-f]{40,64}$/.test(commit) ? commit : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The commit, or the error a malformed SAMPLING_GIT_COMMIT gives: for writers that must not stop on it (nor on any
 * other malformed setting, so the setting is read on its own).
 */
export function gitCommitOrError(cwd: string, setting: { readonly value: string | null; readonly error?: string } = settingAlone('gitCommit')): { commit?: string; error?: string } {
  if (setting.error !== undefined) return { error: setting.error };
  const commit = gitCommit(cwd, setting.value);
  return commit === undefined ? {} : { commit };
}
