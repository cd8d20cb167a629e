/** Command-line options shared by scripts/mutants.ts and scripts/sanitize.ts. */
import os from 'node:os';
import { assertJobs } from '../pool.ts';

export interface ScriptArgs {
  readonly only: readonly string[];
  readonly list: boolean;
  readonly strict: boolean;
  readonly families: readonly string[] | null;
  readonly timeoutMs: number;
  /** Stop a mutant's suites at its first failing test (a kill is decided; fewer checks are recorded). */
  readonly bail: boolean;
  /** Suite runs side by side (each is a vitest process with its own GPU worker). */
  readonly jobs: number;
}

const DEFAULT_TIMEOUT_MS = 600_000;

/**
 * One run per 4 cores, at most 4: a suite run keeps about 3 cores busy (vitest, its fork, the GPU worker), and
 * more than 4 runs on one GPU start to queue on it. 1 on a 2-core CI machine.
 */
export function defaultJobs(cores: number = os.availableParallelism()): number {
  return Math.max(1, Math.min(4, Math.floor(cores / 4)));
}

/** Parses `--only <id>` (repeatable, or comma-separated), `--list`, `--strict`, `--bail`, `--families a,b`, `--timeout-s N`, `--jobs N`. */
export function parseScriptArgs(argv: readonly string[], cores?: number): ScriptArgs {
  const only: string[] = [];
  let list = false;
  let strict = false;
  let bail = false;
  let families: string[] | null = null;
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  let jobs = defaultJobs(cores);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new RangeError(`${a} needs a value`);
      return v;
    };
    if (a === '--only') only.push(...value().split(',').filter(Boolean));
    else if (a === '--list') list = true;
    else if (a === '--strict') strict = true;
    else if (a === '--bail') bail = true;
    else if (a === '--families') families = value().split(',').filter(Boolean);
    else if (a === '--timeout-s') {
      const s = Number(value());
      if (!Number.isFinite(s) || s <= 0 || s > 86_400) throw new RangeError(`--timeout-s must be in (0, 86400], got ${argv[i]}`);
      timeoutMs = s * 1000;
    } else if (a === '--jobs') jobs = assertJobs(Number(value()), '--jobs');
    else throw new RangeError(`unknown option '${a}' (allowed: --only <id>, --list, --strict, --bail, --families a,b, --timeout-s N, --jobs N)`);
  }
  return { only, list, strict, families, timeoutMs, bail, jobs };
}
