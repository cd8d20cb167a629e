import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MUTANT_CORPUS } from '../mutants/corpus.ts';
import { sanitizerWrapper } from '../src/mutation/sanitizer-run.ts';
import { vitestArgs } from '../src/mutation/run-vitest.ts';
import { sanitizerMutants } from './sanitize.ts';

describe('sanitize script', () => {
  it('targets the out-of-bounds and race mutants of the corpus', () => {
    const ms = sanitizerMutants(MUTANT_CORPUS, []);
    expect(ms.map((m) => m.bugClass).sort()).toEqual(['scan-missing-barrier', 'shared-memory-out-of-bounds']);
    expect(() => sanitizerMutants(MUTANT_CORPUS, ['seed-ignored'])).toThrow(/not sanitizer mutants/);
  });
  it('follows the GPU worker (all processes) and writes one log per process', () => {
    expect(sanitizerWrapper('racecheck', '/tmp/logs')).toEqual([
      'compute-sanitizer', '--tool', 'racecheck', '--target-processes', 'all', '--print-limit', '1000', '--log-file', path.join('/tmp/logs', '%p.log'),
    ]);
  });
  it('runs only the suites project of the named families with the JSON reporter', () => {
    const a = vitestArgs('/repo', ['topk', 'sample'], '/tmp/o.json');
    expect(a.slice(1)).toEqual(['run', 'suites/topk/', 'suites/sample/', '--project', 'suites', '--reporter=json', '--outputFile=/tmp/o.json']);
    expect(() => vitestArgs('/repo', [], '/tmp/o.json')).toThrow(RangeError);
    expect(() => vitestArgs('/repo', ['../x'], '/tmp/o.json')).toThrow(/not a folder name/);
  });
});
