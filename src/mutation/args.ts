/**
 * Command-line parsing for the scripts (compile gates, mutants, sanitize, reruns, gate): node:util parseArgs with
 * strict options, and the value checks they share, each failure naming the option and its allowed range.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { errorMessage } from '../errors.ts';
import { MAX_JOBS } from '../pool.ts';

type OptionSpec = { readonly type: 'string' | 'boolean'; readonly multiple?: boolean; readonly short?: string };

/** parseArgs over `argv` (no positionals); a bad option is a RangeError that ends with the usage line. */
export function parseCli<const O extends Record<string, OptionSpec>>(argv: readonly string[], options: O, usage: string) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new RangeError(`${errorMessage(e)}\nusage: ${usage}`);
  }
}

/** A comma-separated list, also repeatable (`--only a,b --only c`); empty entries dropped. */
export function listArg(value: string | readonly string[] | undefined): string[] {
  const values = value === undefined ? [] : typeof value === 'string' ? [value] : value;
  return values.flatMap((v) => v.split(',').map((s) => s.trim())).filter((s) => s !== '');
}

/** An integer option in [min, max], or `fallback` when absent. */
export function intArg(value: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  return n;
}

/**
 * One suite run per 4 cores, at most 4: a suite run keeps about 3 cores busy (vitest, its forks, the GPU workers),
 * and more than 4 runs on one GPU start to queue on it. 1 on a 2-core CI machine.
 */
export function defaultJobs(cores: number = os.availableParallelism()): number {
  return Math.max(1, Math.min(4, Math.floor(cores / 4)));
}

export const DEFAULT_TIMEOUT_S = 600;

/** The options every suite-running script takes. */
export const SUITE_RUN_OPTIONS = {
  jobs: { type: 'string' },
  'timeout-s': { type: 'string' },
} as const;

export interface SuiteRunArgs {
  /** Suite runs side by side (each a vitest process with its own GPU workers). */
  readonly jobs: number;
  readonly timeoutMs: number;
}

export function suiteRunArgs(values: { readonly jobs?: string | undefined; readonly 'timeout-s'?: string | undefined }, cores?: number): SuiteRunArgs {
  const jobs = intArg(values.jobs, '--jobs', 1, MAX_JOBS, defaultJobs(cores));
  return { jobs, timeoutMs: intArg(values['timeout-s'], '--timeout-s', 1, 86_400, DEFAULT_TIMEOUT_S) * 1000 };
}
