import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MUTANT_CORPUS } from '../mutants/corpus.ts';
import { sanitizerWrapper } from '../src/mutation/sanitizer-run.ts';
import { vitestArgs } from '../src/mutation/run-vitest.ts';
import { parseSanitizeArgs, sanitizeJobs, sanitizerMutants } from './sanitize.ts';

describe('sanitize script', () => {
  it('targets the corpus\'s mutants whose expected kill is a sanitizer tool (the out-of-bounds write and the race)', () => {
    const ms = sanitizerMutants(MUTANT_CORPUS, []);
    expect(ms.map((m) => m.bugClass).sort()).toEqual(['global-memory-out-of-bounds', 'scan-missing-barrier']);
    expect(() => sanitizerMutants(MUTANT_CORPUS, ['seed-ignored'])).toThrow(/not sanitizer mutants/);
  });
  it('runs every tool on each family of the shipped kernels, and each sanitizer mutant with its own tool', () => {
    const jobs = sanitizeJobs(['softmax', 'topk'], sanitizerMutants(MUTANT_CORPUS, []));
    expect(jobs.filter((j) => j.target === 'kernels').map((j) => `${j.tool}:${j.families.join(',')}`)).toEqual([
      'memcheck:softmax', 'memcheck:topk', 'racecheck:softmax', 'racecheck:topk',
    ]);
    expect(jobs.filter((j) => j.target !== 'kernels').map((j) => `${j.target}:${j.tool}`).sort()).toEqual([
      'mutant:mask-valid-flag-one-past:memcheck', 'mutant:scan-missing-barrier:racecheck',
    ]);
  });
  it('follows the GPU worker (all processes) and writes one log per process', () => {
    expect(sanitizerWrapper('racecheck', '/tmp/logs', 'compute-sanitizer')).toEqual([
      'compute-sanitizer', '--tool', 'racecheck', '--target-processes', 'all', '--print-limit', '1000', '--log-file', path.join('/tmp/logs', '%p.log'),
    ]);
  });
  it('parses its options with parseArgs', () => {
    expect(parseSanitizeArgs(['--families', 'topk,softmax', '--only', 'scan-missing-barrier', '--jobs', '2'], 16)).toEqual({
      families: ['topk', 'softmax'], only: ['scan-missing-barrier'], jobs: 2, timeoutMs: 600_000,
    });
    expect(parseSanitizeArgs([], 16)).toMatchObject({ families: null, only: [], jobs: 4 });
    expect(() => parseSanitizeArgs(['--strict'])).toThrow(/Unknown option '--strict'/);
  });
  it('runs only the suites project of the named families with the JSON reporter', () => {
    const a = vitestArgs('/repo', ['topk', 'sample'], '/tmp/o.json');
    expect(a.slice(1)).toEqual(['run', 'suites/topk/', 'suites/sample/', '--project', 'suites', '--reporter=json', '--outputFile=/tmp/o.json']);
    expect(() => vitestArgs('/repo', [], '/tmp/o.json')).toThrow(RangeError);
    expect(() => vitestArgs('/repo', ['../x'], '/tmp/o.json')).toThrow(/not a folder name/);
  });
});
