/**
 * `npm run reruns -- [--count 20] [--pattern <regex>] [--families a,b]` (GPU): reruns every seed-dependent suite test
 * (chi-square, fast-check, determinism, stream independence) with a fresh recorded base seed per rerun, so a flaky
 * statistical test shows up here rather than in a reviewer's CI. Each rerun's seed is printed and written to
 * reports/reruns.json; any failure is replayed with `SAMPLING_SEED=<seed> npx vitest run suites`.
 * Expected false failures: ≤ count × 1e-4 (the run-wide family rate of the chi-square tests; the other tests are exact).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stampArtifact } from '../src/report/artifacts.ts';

export const DEFAULT_PATTERN = 'chi-square|fast-check|determinism|different seeds';

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
  let count = 20;
  let pattern = DEFAULT_PATTERN;
  let families: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--count' && v !== undefined) {
      count = Number(v);
      if (!Number.isInteger(count) || count < 1 || count > 1000) throw new RangeError(`--count must be an integer in [1, 1000], got ${v}`);
      i++;
    } else if (a === '--pattern' && v !== undefined) {
      pattern = v;
      i++;
    } else if (a === '--families' && v !== undefined) {
      families = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
      i++;
    } else throw new RangeError(`unknown argument '${a}' (allowed: --count N, --pattern REGEX, --families a,b)`);
  }
  return { count, pattern, families };
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

function rerunOnce(index: number, opts: RerunOptions, dir: string): RerunResult {
  const seed = `0x${randomBytes(8).toString('hex')}`;
  const out = join(dir, `rerun-${index}.json`);
  const paths = opts.families.length > 0 ? opts.families.map((f) => `suites/${f}`) : ['suites'];
  const t0 = Date.now();
  const r = spawnSync('npx', ['vitest', 'run', ...paths, '--project', 'suites', '-t', opts.pattern, '--reporter=json', `--outputFile=${out}`], {
    env: { ...process.env, SAMPLING_SEED: seed, SAMPLING_FRESH_SEED: '' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Date.now() - t0;
  let summary: { passed: number; failed: number; failures: string[] };
  try {
    summary = summarizeVitestJson(JSON.parse(readFileSync(out, 'utf8')) as VitestJson);
  } catch {
    summary = { passed: 0, failed: 1, failures: [`vitest produced no JSON report (exit ${r.status}): ${(r.stderr ?? '').slice(-400)}`] };
  }
  if (r.status !== 0 && summary.failed === 0) summary = { ...summary, failed: 1, failures: [`vitest exited ${r.status}`] };
  return { index, seed, ...summary, ms };
}

export function main(argv: readonly string[]): number {
  const opts = parseRerunArgs(argv);
  const dir = mkdtempSync(join(tmpdir(), 'reruns-'));
  const results: RerunResult[] = [];
  try {
    for (let i = 1; i <= opts.count; i++) {
      const r = rerunOnce(i, opts, dir);
      results.push(r);
      console.log(`rerun ${i}/${opts.count} seed=${r.seed}: ${r.passed} passed, ${r.failed} failed (${(r.ms / 1000).toFixed(1)} s)`);
      for (const f of r.failures) console.log(`  FAILED ${f} — replay: SAMPLING_SEED=${r.seed} npx vitest run suites`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const failedRuns = results.filter((r) => r.failed > 0).length;
  const reportDir = process.env.SAMPLING_REPORT_DIR ?? 'reports';
  mkdirSync(reportDir, { recursive: true });
  writeFileSync(join(reportDir, 'reruns.json'), JSON.stringify(stampArtifact({ version: 1, generatedAt: new Date().toISOString(), pattern: opts.pattern, families: opts.families, runs: results }, process.cwd()), null, 2));
  console.log(`reruns: ${results.length - failedRuns} passed, ${failedRuns} failed`);
  return failedRuns === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
