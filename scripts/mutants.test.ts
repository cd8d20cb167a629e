/**
 * CI checks of the planted-bug corpus (no GPU): every spec is well-formed, applies to the current kernels with
 * exactly one match (drift fails here, naming the mutant), each compile unit it names includes the mutated file, and
 * every mutated kernel still compiles for sm_90 with the runner's own command line, so a GPU run judges the planted
 * bug, not a build error. Compiles go through the shared kernel cache: an unchanged mutant costs a hash.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompilerMissingError, resolveCompiler, targetOf } from '../harness/toolchain.ts';
import { MUTANT_CORPUS } from '../mutants/corpus.ts';
import { compileMutants, mutantCompileMessage, unitsNotTouched, type MutantCompile } from '../src/mutation/compile-mutants.ts';
import { applyMutant } from '../src/mutation/materialize.ts';
import { listFamilies } from '../src/mutation/run-vitest.ts';
import { BUG_CLASSES, corpusProblems, mutantBaseDir, mutantTagPattern } from '../src/mutation/spec.ts';
import { formatList, MUTANT_COMPILE_TARGET, parseMutantsArgs, REPO_ROOT, selectMutants } from './mutants.ts';

/** The kernel directory a mutant plants its bug in (kernels/ or an example directory). */
const kernelsOf = (m: { baseDir?: string }): string => path.join(REPO_ROOT, mutantBaseDir(m));

describe('mutant corpus', () => {
  it('is well-formed and covers every bug class', () => {
    expect(corpusProblems(MUTANT_CORPUS)).toEqual([]);
    expect(new Set(MUTANT_CORPUS.map((m) => m.bugClass))).toEqual(new Set(BUG_CLASSES));
    expect(MUTANT_CORPUS.filter((m) => m.expectedKill.by === 'sanitizer').map((m) => m.expectedKill)).toEqual(
      expect.arrayContaining([{ by: 'sanitizer', tool: 'memcheck' }, { by: 'sanitizer', tool: 'racecheck' }]),
    );
  });

  it('names only suite folders that exist (families and the expected family)', async () => {
    const folders = await listFamilies(REPO_ROOT);
    for (const m of MUTANT_CORPUS) {
      for (const f of m.families) expect(folders, `${m.id}: families entry '${f}'`).toContain(f);
    }
  });

  it.each(MUTANT_CORPUS.map((m) => [m.id, m] as const))('%s applies to the current kernels exactly once, and its compile units include the mutated file', async (_id, m) => {
    const file = path.join(kernelsOf(m), m.file);
    expect(existsSync(file), `${m.id}: ${m.file} missing from ${mutantBaseDir(m)}/`).toBe(true);
    const mutated = applyMutant(readFileSync(file, 'utf8'), m);
    expect(mutated).not.toBe(readFileSync(file, 'utf8'));
    expect(mutantTagPattern(m.id).test(mutated)).toBe(true);
    for (const u of m.compileUnits) expect(existsSync(path.join(kernelsOf(m), u)), `${m.id}: compile unit ${u}`).toBe(true);
    expect(await unitsNotTouched(m, kernelsOf(m)), `${m.id}: compile units that never include ${m.file}`).toEqual([]);
  });

  it('--only selects by id and rejects unknown ids; --list names every mutant', () => {
    const first = MUTANT_CORPUS[0];
    if (first === undefined) throw new Error('empty corpus');
    expect(selectMutants(MUTANT_CORPUS, [first.id]).map((m) => m.id)).toEqual([first.id]);
    expect(selectMutants(MUTANT_CORPUS, [])).toHaveLength(MUTANT_CORPUS.length);
    expect(() => selectMutants(MUTANT_CORPUS, ['nope'])).toThrow(/unknown mutant\(s\) nope/);
    const list = formatList(MUTANT_CORPUS);
    for (const m of MUTANT_CORPUS) expect(list).toContain(m.id);
  });

  it('parses its options with parseArgs', () => {
    expect(parseMutantsArgs(['--only', 'a,b', '--only', 'c', '--strict', '--bail', '--timeout-s', '30', '--jobs', '3', '--baseline', 'x.json'], 16)).toEqual({
      only: ['a', 'b', 'c'], list: false, compile: false, strict: true, bail: true, timeoutMs: 30_000, jobs: 3, compileJobs: 3, baseline: path.resolve('x.json'),
    });
    expect(parseMutantsArgs([], 16)).toMatchObject({ only: [], baseline: null, timeoutMs: 600_000, jobs: 4, compileJobs: 16 });
    expect(() => parseMutantsArgs(['--families', 'topk'])).toThrow(/Unknown option '--families'/);
    expect(() => parseMutantsArgs(['--jobs', '0'])).toThrow(/--jobs must be an integer in \[1, 64\], got 0/);
  });
});

describe(`every mutant compiles for ${MUTANT_COMPILE_TARGET}`, () => {
  let all: Promise<MutantCompile[]> | null = null;
  /** Every mutant at once, the machine's cores busy; each test judges its own. */
  const compiled = async (): Promise<MutantCompile[] | string> => {
    const nvcc = await resolveCompiler('nvcc').catch((e: unknown) => {
      if (e instanceof CompilerMissingError) return e.message;
      throw e;
    });
    if (typeof nvcc === 'string') return nvcc;
    all ??= compileMutants(MUTANT_CORPUS, REPO_ROOT, targetOf(MUTANT_COMPILE_TARGET), { jobs: os.availableParallelism(), compiler: nvcc });
    return all;
  };
  it.for(MUTANT_CORPUS.map((m) => m.id))('%s', { timeout: 900_000 }, async (id, ctx) => {
      const results = await compiled();
      if (typeof results === 'string') return ctx.skip(`not compile-checked here: ${results}`);
      const r = results.find((x) => x.id === id);
      expect(r, id).toBeDefined();
      expect(r?.failures.length, r === undefined ? id : mutantCompileMessage(r)).toBe(0);
  });
});
