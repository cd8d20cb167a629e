import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { runCompare } from './cli.ts';
import { TESTDATA } from '../../../test/report/make-compare-testdata.ts';

const out = mkdtempSync(join(tmpdir(), 'compare-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const results = (name: string): string => join(TESTDATA, name, 'results.json');

function run(argv: string[]): { code: number; log: string[]; error: string[] } {
  const log: string[] = [];
  const error: string[] = [];
  const code = runCompare(argv, { log: (l) => log.push(l), error: (l) => error.push(l), reportDir: join(out, 'reports') });
  return { code, log, error };
}

describe('runCompare', () => {
  test('a regression exits 1, writes compare.html and compare.json, and ends with the verdict line', () => {
    const dir = join(out, 'planted');
    const r = run([results('base'), results('head'), '--fail-on-slower', '10%', '--out', dir]);
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'compare.html'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'compare.json'), 'utf8'))).toMatchObject({ schema: 1, failOnSlowerPct: 10 });
    expect(r.log.at(-1)).toBe('compare verdict: FAILED — top_p_sampling_exact: satisfies-top-p passed on base and fails on head (and 2 more)');
  });

  test('noise only exits 0', () => {
    const r = run([results('base'), results('noise'), '--fail-on-slower', '10', '--out', join(out, 'noise')]);
    expect(r.code).toBe(0);
    expect(r.log.at(-1)).toBe('compare verdict: NO REGRESSION — head VERIFIED, no check regressed, no measured slowdown above 10%');
  });

  test('the default output is the report directory it is given', () => {
    expect(run([results('base'), results('noise')]).code).toBe(0);
    expect(existsSync(join(out, 'reports', 'compare.html'))).toBe(true);
  });

  test('bad usage exits 2 with the reason and the usage line', () => {
    expect(run([results('base')]).error[0]).toMatch(/^compare: expected 2 results.json paths \(base, head\), got 1\nusage: npm run compare/);
    expect(run([results('base'), results('head'), '--fail-on-slower', 'lots']).code).toBe(2);
    expect(run([results('base'), results('head'), '--bogus']).error[0]).toMatch(/Unknown option '--bogus'/);
    const missing = run([results('base'), join(out, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.error[0]).toMatch(/ENOENT/);
  });

  test('scripts/compare.ts (what `npm run compare` runs) exits with the gate status', () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const p = spawnSync(process.execPath, [tsx, join(root, 'scripts', 'compare.ts'), results('base'), results('head'), '--out', join(out, 'spawned')], { encoding: 'utf8', timeout: 60_000 });
    expect(p.status, p.stderr).toBe(1);
    expect(p.stdout.trim().split('\n').at(-1)).toMatch(/^compare verdict: FAILED — /);
  }, 60_000);
});
