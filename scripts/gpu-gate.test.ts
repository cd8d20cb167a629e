/**
 * The GPU scripts without a GPU (no GPU here, or SAMPLING_BACKEND=none): each prints one line with the reason,
 * exits 0 and writes no artifact, as `npm run bench` does. And the gate's plan: which step runs when, with what.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnv } from '../src/config/index.ts';
import { gatePlan, parseGateArgs, suitesCommand, type GateHere } from './gpu-gate.ts';
import { linePrefixer, type StepCommand, type StepRecord } from './gpu-gate-steps.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'gate-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('GPU scripts on a machine without a GPU', () => {
  const scripts: [string, string[]][] = [
    ['gate', ['bash', path.join(ROOT, 'scripts', 'gpu-gate.sh')]],
    ['mutants', [process.execPath, '--import', 'tsx', path.join(ROOT, 'scripts', 'mutants.ts')]],
    ['sanitize', [process.execPath, '--import', 'tsx', path.join(ROOT, 'scripts', 'sanitize.ts')]],
    ['reruns', [process.execPath, '--import', 'tsx', path.join(ROOT, 'scripts', 'reruns.ts'), '--count', '2']],
  ];
  it.concurrent.for(scripts)('%s: one line with the reason, exit 0, no artifact', { timeout: 60_000 }, async ([name, [cmd, ...args]], { expect }) => {
    const reports = path.join(tmp, name);
    const env = childEnv({ SAMPLING_BACKEND: 'none', SAMPLING_REPORT_DIR: reports });
    const r = await run(cmd as string, args, { env, cwd: ROOT });
    expect(r.stdout.trim().split('\n')).toEqual([`${name}: nothing to run here: GPU tests disabled (SAMPLING_BACKEND=none)`]);
    expect(r.stderr).toBe('');
    expect(readdirSync(tmp)).not.toContain(name);
  });
});

const here = (o: Partial<GateHere> = {}): GateHere => ({
  backend: 'cuda',
  sanitizer: '/cuda/bin/compute-sanitizer',
  baselineJson: '/w/suites.json',
  resultsJson: '/r/results.json',
  exists: () => true,
  ...o,
});
const decided = (phases: ReturnType<typeof gatePlan>): (StepCommand | StepRecord)[][] => phases.map((p) => p.map((decide) => decide()));
const names = (phases: (StepCommand | StepRecord)[][]): string[][] => phases.map((p) => p.map((s) => ('args' in s ? s.step : `${s.step}:skipped`)));

describe('npm run gate', () => {
  it('runs the suites, then sanitize and mutants side by side, then bench alone, then the report', () => {
    const phases = decided(gatePlan(parseGateArgs([], 16), here()));
    expect(names(phases)).toEqual([['suites'], ['sanitize', 'mutants'], ['bench'], ['render']]);
    const mutants = phases[1]?.[1] as StepCommand;
    expect(mutants.args.slice(2)).toEqual([path.join(ROOT, 'scripts', 'mutants.ts'), '--jobs', '4', '--baseline', '/w/suites.json']);
    expect(names(decided(gatePlan(parseGateArgs(['--serial', '--jobs', '2'], 16), here())))).toEqual([['suites'], ['sanitize'], ['mutants'], ['bench'], ['render']]);
  });

  it('says why a step does not run: skipped, another vendor, no sanitizer, no suites results', () => {
    const phases = decided(gatePlan(parseGateArgs(['--skip', 'bench,suites'], 16), here({ backend: 'hip', exists: () => false })));
    const why = phases.flat().flatMap((s) => ('why' in s ? [[s.step, s.why]] : []));
    expect(why).toEqual([
      ['suites', '--skip'],
      ['sanitize', "compute-sanitizer is NVIDIA's; this GPU runs hip"],
      ['bench', '--skip'],
      ['render', 'no /r/results.json (the suites did not run)'],
    ]);
    const mutants = phases[1]?.find((s) => s.step === 'mutants') as StepCommand;
    expect(mutants.args).not.toContain('--baseline');
    expect(decided(gatePlan(parseGateArgs([], 16), here({ sanitizer: null })))[1]?.[0]).toMatchObject({ step: 'sanitize', status: 'skipped', why: /not found/ });
  });

  it('passes the configured reporters on, plus the JSON report the mutants take as their baseline', () => {
    expect(suitesCommand('/w/s.json').args.slice(1)).toEqual([
      'run', '--project', 'suites', '--reporter=default', '--reporter=./src/report/reporter.ts', '--reporter=json', '--outputFile.json=/w/s.json',
    ]);
  });

  it('rejects unknown steps and options, naming them', () => {
    expect(() => parseGateArgs(['--skip', 'lint'])).toThrow(/--skip: unknown step\(s\) lint; steps: suites, sanitize, mutants, bench, render/);
    expect(() => parseGateArgs(['--bogus'])).toThrow(/Unknown option '--bogus'/);
  });

  it('prefixes the output of steps that run side by side, line by line', () => {
    const out: string[] = [];
    const p = linePrefixer('[mutants] ', (s) => out.push(s));
    p.push('a\nb');
    p.push('c\n');
    p.push('tail');
    p.end();
    expect(out).toEqual(['[mutants] a\n', '[mutants] bc\n', '[mutants] tail\n']);
  });
});
