import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMutant, countOccurrences, materializeMutant, MutantDriftError } from './materialize.ts';
import type { MutantSpec } from './spec.ts';

const spec: MutantSpec = {
  id: 'flip',
  bugClass: 'nucleus-boundary-comparison',
  description: 'flips >= into > at a boundary for the test',
  file: 'include/a.h',
  find: 'x >= y',
  replace: 'x > y /* MUTANT(flip): strict */',
  expectedKill: { by: 'suite', family: 'topp', check: 'satisfies-top-p' },
  families: ['topp'],
  compileUnits: ['k.hip'],
};

describe('applyMutant', () => {
  it('replaces the one occurrence', () => {
    expect(applyMutant('a; x >= y; b', spec)).toBe('a; x > y /* MUTANT(flip): strict */; b');
  });
  it('fails loudly, naming the mutant and text, when the text is gone or ambiguous', () => {
    expect(() => applyMutant('a; x>=y;', spec)).toThrow(/mutant 'flip': find text not found in include\/a.h:\n---\nx >= y/);
    try {
      applyMutant('x >= y; x >= y', spec);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MutantDriftError);
      expect((e as MutantDriftError).occurrences).toBe(2);
    }
  });
  it('counts non-overlapping occurrences and rejects an empty needle', () => {
    expect(countOccurrences('aaaa', 'aa')).toBe(2);
    expect(() => countOccurrences('a', '')).toThrow(RangeError);
  });
});

describe('materializeMutant', () => {
  let tmp = '';
  afterEach(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });
  it('copies the directory and mutates only the named file', async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'mat-test-'));
    const src = path.join(tmp, 'kernels');
    await mkdir(path.join(src, 'include'), { recursive: true });
    await writeFile(path.join(src, 'include', 'a.h'), 'if (x >= y) {}\n');
    await writeFile(path.join(src, 'k.hip'), '#include "include/a.h"\n');
    const m = await materializeMutant(spec, src, path.join(tmp, 'out'));
    expect(await readFile(m.file, 'utf8')).toContain('MUTANT(flip)');
    expect(await readFile(path.join(m.dir, 'k.hip'), 'utf8')).toBe('#include "include/a.h"\n');
    expect(await readFile(path.join(src, 'include', 'a.h'), 'utf8')).toBe('if (x >= y) {}\n');
    await expect(materializeMutant(spec, src, path.join(src, 'inner'))).rejects.toThrow(/outside srcDir/);
    await expect(materializeMutant({ ...spec, file: 'missing.h' }, src, path.join(tmp, 'o2'))).rejects.toThrow(/file 'missing.h' is not readable/);
  });
});
