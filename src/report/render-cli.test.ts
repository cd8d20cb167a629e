import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { loadArtifacts } from './artifacts.ts';
import { renderReport } from './render.ts';
import { SYNTHETIC_BENCH } from '../../test/report/synthetic-artifacts.ts';
import { syntheticResults } from '../../test/report/synthetic.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cli = fileURLToPath(new URL('./render-cli.ts', import.meta.url));
const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const dir = mkdtempSync(join(tmpdir(), 'render-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runCli = (...args: string[]) => spawnSync(process.execPath, [tsx, cli, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });

describe('render-cli', () => {
  test('regenerates index.html next to results.json, identical to renderReport', () => {
    const results = syntheticResults();
    writeFileSync(join(dir, 'results.json'), JSON.stringify(results));
    const run = runCli(join(dir, 'results.json'));
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe(renderReport(results));
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^sampling verdict: FAILED — topk_sample: chi-square failed in 1 of 1 runs/);
  }, 60_000);

  test('includes artifact files found next to results.json, warning about a broken one', () => {
    const d = join(dir, 'with-artifacts');
    mkdirSync(d);
    const results = syntheticResults();
    writeFileSync(join(d, 'results.json'), JSON.stringify(results));
    writeFileSync(join(d, 'bench.json'), JSON.stringify(SYNTHETIC_BENCH));
    writeFileSync(join(d, 'mutants.json'), '{ "mutants": [ truncated');
    const run = runCli(join(d, 'results.json'), '--out', join(d, 'out.html'));
    expect(run.status, run.stderr).toBe(0);
    const html = readFileSync(join(d, 'out.html'), 'utf8');
    expect(html).toBe(renderReport(results, loadArtifacts(d)));
    expect(html).toContain('NVIDIA H100 80GB HBM3');
    expect(html).toContain('warning: mutants.json is not valid JSON');
    expect(html).toContain('produce it with <code>npm run sanitize</code>');
  }, 60_000);

  test('fails with a clear message on a bad file and with usage on no argument', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ schema: 9 }));
    const bad = runCli(join(dir, 'bad.json'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/bad\.json\.schema must be 1, got 9/);
    const none = runCli();
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/expected one results.json path, got 0\nusage/);
    expect(runCli(join(dir, 'bad.json'), '--bogus').status).toBe(2);
  }, 60_000);
});
