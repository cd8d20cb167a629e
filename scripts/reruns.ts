/**
 * `npm run reruns -- [--count 20] [--pattern <regex>] [--families a,b]` (GPU): reruns every seed-dependent suite test
 * (chi-square, fast-check, determinism, stream independence) with a fresh recorded base seed per rerun, so a flaky
 * statistical test shows up here rather than in a reviewer's CI. Each rerun's seed is printed and written to
 * reports/reruns.json; any failure is replayed with `SAMPLING_SEED=<seed> npx vitest run suites`.
 * Expected false failures: ≤ count × 1e-4 (the run-wide family rate of the chi-square tests; the other tests are exact).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { childEnv, REPO_ROOT } from '../src/config/index.ts';
import { intArg, listArg, parseCli } from '../src/mutation/args.ts';
import { formatElapsed } from '../src/mutation/progress.ts';
import { runIfEntry } from '../src/mutation/run-cli.ts';
import { gpuDecision, nothingToRun, type GpuProbe } from './need-gpu.ts';
import { writeArtifact } from './write-artifact.ts';

export const DEFAULT_PATTERN = 'chi-square|fast-check|determinism|different seeds';
export const RERUNS_FILE = 'reruns.json';
const USAGE = 'npm run reruns -- [--count N] [--pattern REGEX] [--families a,b]';

export interface RerunOptions {
  readonly count: number;
  readonly pattern: string;
  readonly families: readonly string[];
}

export interface RerunResult {
  readonly index: number;
  readonly seed: string;
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly string[];
  readonly ms: number;
}

export function parseRerunArgs(argv: readonly string[]): RerunOptions {
  const v = parseCli(argv, { count: { type: 'string' }, pattern: { type: 'string' }, families: { type: 'string', multiple: true } }, USAGE);
  const pattern = v.pattern ?? DEFAULT_PATTERN;
  try {
    new RegExp(pattern);
  } catch {
    throw new RangeError(`--pattern must be a regular expression, got '${pattern}'`);
  }
  return { count: intArg(v.count, '--count', 1, 1000, 20), pattern, families: listArg(v.families) };
}
interface VitestJson {
  numPassedTests?: number;
  numFailedTests?: number;
  testResults?: { assertionResults?: { fullName?: string; status?: string }[] }[];
}

/** Pass/fail counts and failing test names from vitest's JSON reporter output. */
export function summarizeVitestJson(json: VitestJson): { passed: number; failed: number; failures: string[] } {
  const failures: string[] = [];
  for (const file of json.testResults ?? []) {
    for (const t of file.assertionResults ?? []) if (t.status === 'failed') failures.push(t.fullName ?? '(unnamed)');
  }
  return { passed: json.numPassedTests ?? 0, failed: json.numFailedTests ?? failures.length, failures };
}

/** vitest, as a child process with its own seed; resolves when it exits. */
function vitest(args: readonly string[], seed: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), ...args], {
      cwd: REPO_ROOT,
      env: childEnv({ SAMPLING_SEED: seed, SAMPLING_FRESH_SEED: undefined }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('error', (e) => resolve({ code: null, stderr: e.message }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function rerunOnce(index: number, opts: RerunOptions, dir: string): Promise<RerunResult> {
  const seed = `0x${randomBytes(8).toString('hex')}`;
  const out = join(dir, `rerun-${index}.json`);
  const paths = opts.families.length > 0 ? opts.families.map((f) => `suites/${f}`) : ['suites'];
  const t0 = Date.now();
  const r = await vitest(['run', ...paths, '--project', 'suites', '-t', opts.pattern, '--reporter=json', `--outputFile=${out}`], seed);
  const ms = Date.now() - t0;
  let summary: { passed: number; failed: number; failures: string[] };
  try {
    summary = summarizeVitestJson(JSON.parse(readFileSync(out, 'utf8')) as VitestJson);
  } catch {
    summary = { passed: 0, failed: 1, failures: [`vitest produced no JSON report (exit ${r.code}): ${r.stderr.slice(-400)}`] };
  }
  if (r.code !== 0 && summary.failed === 0) summary = { ...summary, failed: 1, failures: [`vitest exited ${r.code}`] };
  if (summary.passed + summary.failed === 0) summary = { ...summary, failed: 1, failures: [`no test matched '${opts.pattern}' or every one was skipped: this rerun verified nothing`] };
  return { index, seed, ...summary, ms };
}

export async function main(argv: readonly string[], probe?: GpuProbe): Promise<number> {
  const opts = parseRerunArgs(argv);
  const gpu = await gpuDecision(probe);
  if (!gpu.usable) {
    console.log(nothingToRun('reruns', gpu.reason));
    return 0;
  }
  const dir = mkdtempSync(join(tmpdir(), 'reruns-'));
  const results: RerunResult[] = [];
  const t0 = Date.now();
  try {
    for (let i = 1; i <= opts.count; i++) {
      const r = await rerunOnce(i, opts, dir);
      results.push(r);
      console.log(`rerun ${i}/${opts.count} seed=${r.seed}: ${r.passed} passed, ${r.failed} failed in ${formatElapsed(r.ms)} [${formatElapsed(Date.now() - t0)}]`);
      for (const f of r.failures) console.log(`  FAILED ${f} — replay: SAMPLING_SEED=${r.seed} npx vitest run suites`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const failedRuns = results.filter((r) => r.failed > 0).length;
  writeArtifact(RERUNS_FILE, { version: 1, pattern: opts.pattern, families: opts.families, runs: results });
  console.log(`reruns: ${results.length - failedRuns} passed, ${failedRuns} failed`);
  return failedRuns === 0 ? 0 : 1;
}

runIfEntry(import.meta.url, (argv) => main(argv));
