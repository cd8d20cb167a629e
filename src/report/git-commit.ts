/**
 * The commit the report was made from; absent outside a git checkout or without git. A GPU machine often gets a
 * copy of the tree without .git, so SAMPLING_GIT_COMMIT (set by whoever shipped the copy) takes precedence.
 */
import { execFileSync } from 'node:child_process';

export const COMMIT_ENV = 'SAMPLING_GIT_COMMIT';
const HASH = /^[0-9a-f]{7,64}$/;

/** The commit, or the error a malformed SAMPLING_GIT_COMMIT gives: for writers that must not stop on it. */
export function gitCommitOrError(cwd: string, env: NodeJS.ProcessEnv = process.env): { commit?: string; error?: string } {
  try {
    const commit = gitCommit(cwd, env);
    return commit === undefined ? {} : { commit };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

export function gitCommit(cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env[COMMIT_ENV]?.trim();
  if (given !== undefined && given !== '') {
    const commit = given.toLowerCase();
    if (!HASH.test(commit)) throw new RangeError(`${COMMIT_ENV} must be a git hash of 7 to 64 hex digits, got '${given}'`);
    return commit;
  }
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    const commit = out.trim();
    return /^[0-9a-f]{40,64}$/.test(commit) ? commit : undefined;
  } catch {
    return undefined;
  }
}
