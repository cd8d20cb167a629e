/**
 * Runs the verification suites of some families against one kernel directory, in a child vitest process, and
 * returns vitest's JSON report. Optionally under a wrapper command (compute-sanitizer). The child gets its own
 * process group so a timeout ends it and everything it started (GPU worker included), and nothing else.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { childEnv } from '../config/index.ts';
import { errorMessage } from '../errors.ts';
import { parseVitestJson, type VitestOutcome } from './vitest-json.ts';

export interface SuiteRunOptions {
  readonly repoRoot: string;
  /** Folders under suites/ to run. */
  readonly families: readonly string[];
  readonly kernelDir: string;
  /** Where the JSON report (and any logs) go; created if missing. */
  readonly workDir: string;
  readonly timeoutMs: number;
  /** Command and arguments placed before node (e.g. ['compute-sanitizer', '--tool', 'memcheck', ...]). */
  readonly wrapper?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Only tests whose full name matches (vitest -t), e.g. the small fixture tests under a slow sanitizer. */
  readonly testNamePattern?: string;
  /** Stop at the first failing test (vitest --bail=1). */
  readonly bail?: boolean;
  /** Receives the child's stdout+stderr (default: discarded; the JSON report is what counts). */
  readonly onOutput?: (chunk: string) => void;
}

export interface SuiteRun {
  /** null when vitest wrote no (parsable) report: crash, timeout, no test files. */
  readonly outcome: VitestOutcome | null;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly ms: number;
  readonly error?: string;
  /** Last part of the child's output, for the error message when there is no report. */
  readonly tail: string;
}

const FAMILY = /^[a-z0-9][a-z0-9_-]*$/;

/** The arguments after `node`: vitest's CLI, the suites project only, JSON reporter into `outputFile`. */
export function vitestArgs(repoRoot: string, families: readonly string[], outputFile: string, testNamePattern?: string, bail = false): string[] {
  if (families.length === 0) throw new RangeError('families must name at least one suite folder');
  for (const f of families) if (!FAMILY.test(f)) throw new RangeError(`families entry '${f}' is not a folder name`);
  return [
    path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    ...families.map((f) => `suites/${f}/`),
    '--project',
    'suites',
    '--reporter=json',
    `--outputFile=${outputFile}`,
    ...(testNamePattern === undefined ? [] : ['-t', testNamePattern]),
    ...(bail ? ['--bail=1'] : []),
  ];
}

/** Suite families present: folders under suites/ holding test files, except the shared kit. */
export async function listFamilies(repoRoot: string): Promise<string[]> {
  const dir = path.join(repoRoot, 'suites');
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === 'kit' || !FAMILY.test(e.name)) continue;
    const files = await readdir(path.join(dir, e.name), { recursive: true });
    if (files.some((f) => String(f).endsWith('.test.ts'))) out.push(e.name);
  }
  return out.sort();
}

export async function runSuites(o: SuiteRunOptions): Promise<SuiteRun> {
  if (!(o.timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0, got ${o.timeoutMs}`);
  await mkdir(o.workDir, { recursive: true });
  const outputFile = path.join(o.workDir, 'vitest.json');
  const argv = [...(o.wrapper ?? []), process.execPath, ...vitestArgs(o.repoRoot, o.families, outputFile, o.testNamePattern, o.bail ?? false)];
  const [cmd, ...args] = argv as [string, ...string[]];
  const started = Date.now();
  let tail = '';
  const child = spawn(cmd, args, {
    cwd: o.repoRoot,
    env: childEnv({ ...o.env, SAMPLING_KERNEL_DIR: o.kernelDir }),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const take = (b: Buffer) => {
    const s = b.toString('utf8');
    tail = (tail + s).slice(-4000);
    o.onOutput?.(s);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL'); // its own group: vitest, its forks and the GPU worker
      } catch {
        /* already gone */
      }
    }
  }, o.timeoutMs);
  const exit = await new Promise<{ code: number | null; spawnError?: string }>((resolve) => {
    child.on('error', (e) => resolve({ code: null, spawnError: e.message }));
    child.on('close', (code) => resolve({ code }));
  });
  clearTimeout(timer);
  const ms = Date.now() - started;
  const base = { exitCode: exit.code, timedOut, ms, tail };
  if (exit.spawnError) return { ...base, outcome: null, error: `could not start ${cmd}: ${exit.spawnError}` };
  if (timedOut) return { ...base, outcome: null, error: `suites ran past ${o.timeoutMs} ms and were killed` };
  if (!existsSync(outputFile)) return { ...base, outcome: null, error: `vitest wrote no report (exit ${exit.code})` };
  try {
    return { ...base, outcome: parseVitestJson(await readFile(outputFile, 'utf8')) };
  } catch (e) {
    return { ...base, outcome: null, error: errorMessage(e) };
  }
}
