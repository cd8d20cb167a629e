import { describe, expect, it } from 'vitest';
import { assertValidCorpus, corpusProblems, mutantBaseDir, specProblems, type MutantSpec } from './spec.ts';

const good: MutantSpec = {
  id: 'demo-bug',
  bugClass: 'seed-ignored',
  description: 'A demo bug that ignores the seed entirely',
  file: 'include/philox.h',
  find: 'seed',
  replace: '0 /* MUTANT(demo-bug): seed ignored */',
  expectedKill: { by: 'suite', family: 'sample', check: 'exact replay' },
  families: ['sample'],
  compileUnits: ['sampling.hip'],
};

describe('specProblems', () => {
  it('accepts a well-formed spec', () => {
    expect(specProblems(good)).toEqual([]);
  });
  it('names the mutant and field of each problem', () => {
    const p = specProblems({ ...good, id: 'Bad_ID', replace: 'no tag', families: ['x'], compileUnits: ['a.cu'] });
    expect(p.some((m) => m.includes("'Bad_ID': id"))).toBe(true);
    expect(p.some((m) => m.includes('replace must contain'))).toBe(true);
    expect(p.some((m) => m.includes('expectedKill.family'))).toBe(true);
    expect(p.some((m) => m.includes("compileUnits entry 'a.cu'"))).toBe(true);
  });
  it('rejects an identical replacement and a path escaping the kernel dir', () => {
    expect(specProblems({ ...good, replace: good.find }).join()).toContain('must differ');
    expect(specProblems({ ...good, file: '../x.h' }).join()).toContain('file must be a relative path');
  });
  it('plants the bug in kernels/ unless a base directory inside the repository is named', () => {
    expect(mutantBaseDir(good)).toBe('kernels');
    expect(mutantBaseDir({ ...good, baseDir: 'examples/downstream-abi' })).toBe('examples/downstream-abi');
    expect(specProblems({ ...good, baseDir: 'examples/downstream-abi' })).toEqual([]);
    expect(specProblems({ ...good, baseDir: '../elsewhere' }).join()).toContain('baseDir must be a relative path inside the repository');
  });
  it('requires a .hip mutated file to be among its compile units', () => {
    expect(specProblems({ ...good, file: 'softmax.hip' }).join()).toContain("must include the mutated source 'softmax.hip'");
  });
  it('checks the sanitizer tool', () => {
    expect(specProblems({ ...good, expectedKill: { by: 'sanitizer', tool: 'memcheck' } })).toEqual([]);
  });
});

describe('corpus', () => {
  it('reports duplicate ids and throws a RangeError listing problems', () => {
    expect(corpusProblems([good, good])).toContain("mutant 'demo-bug': id is used more than once");
    expect(() => assertValidCorpus([good, { ...good, id: 'x', replace: 'nope' }])).toThrow(RangeError);
    expect(assertValidCorpus([good])).toHaveLength(1);
  });
});
