/** Runs vitest on one e2e fixture with the real reporter in a child process, writing into `out`. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv as inherited, SETTINGS } from '../../../src/config/index.ts';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const config = fileURLToPath(new URL('./vitest.e2e.config.ts', import.meta.url));
const vitestBin = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');

export interface FixtureRun {
  readonly status: number | null;
  /** stdout then stderr, colours off. */
  readonly log: string;
  /** The last non-empty stdout line. */
  readonly lastLine: string;
  readonly json: string | null;
  readonly html: string | null;
}

/** `args` replaces the e2e config (e.g. the project's own config and a filter). */
export function runFixture(out: string, env: Readonly<Record<string, string>> = {}, args: readonly string[] = ['--config', config]): FixtureRun {
  const childEnv = inherited({ [SETTINGS.reportDir.env]: out, NO_COLOR: '1', FORCE_COLOR: '0', ...env });
  // The outer run's own vitest variables would make the inner one think it is a worker.
  for (const key of Object.keys(childEnv)) if (key.startsWith('VITEST') || key === 'TEST') delete childEnv[key];
  const run = spawnSync(process.execPath, [vitestBin, 'run', ...args], { cwd: repoRoot, env: childEnv, encoding: 'utf8', timeout: 120_000 });
  const read = (f: string): string | null => (existsSync(join(out, f)) ? readFileSync(join(out, f), 'utf8') : null);
  const lines = run.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return { status: run.status, log: `${run.stdout}\n${run.stderr}`, lastLine: lines[lines.length - 1] ?? '', json: read('results.json'), html: read('index.html') };
}
