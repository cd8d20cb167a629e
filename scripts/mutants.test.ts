/**
 * CI checks of the planted-bug corpus (no GPU): every spec is well-formed, applies to the current kernels with
 * exactly one match (drift fails here, naming the mutant), and every mutated kernel still compiles for sm_90 with
 * the harness's own nvcc flags (-O3 -Werror all-warnings), so a GPU run judges the planted bug, not a build error.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilerFlags } from '../harness/compile.ts';
import { MUTANT_CORPUS } from '../mutants/corpus.ts';
import { applyMutant, materializeMutant } from '../src/mutation/materialize.ts';
import { BUG_CLASSES, corpusProblems, mutantBaseDir, mutantTagPattern } from '../src/mutation/spec.ts';
import { listFamilies } from '../src/mutation/run-vitest.ts';
import { formatList, REPO_ROOT, selectMutants } from './mutants.ts';

const run = promisify(execFile);
/** The kernel directory a mutant plants its bug in (kernels/ or an example directory). */
const kernelsOf = (m: { baseDir?: string }): string => path.join(REPO_ROOT, mutantBaseDir(m));

async function hasNvcc(): Promise<boolean> {
  try {
    await run('nvcc', ['--version']);
    return true;
  } catch {
    return false;
  }
}

describe('mutant corpus', () => {
  it('is well-formed and covers every bug class of issue 6', () => {
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

  it.each(MUTANT_CORPUS.map((m) => [m.id, m] as const))('%s applies to the current kernels exactly once', (_id, m) => {
    const file = path.join(kernelsOf(m), m.file);
    expect(existsSync(file), `${m.id}: ${m.file} missing from ${mutantBaseDir(m)}/`).toBe(true);
    const mutated = applyMutant(readFileSync(file, 'utf8'), m);
    expect(mutated).not.toBe(readFileSync(file, 'utf8'));
    expect(mutantTagPattern(m.id).test(mutated)).toBe(true);
    for (const u of m.compileUnits) expect(existsSync(path.join(kernelsOf(m), u)), `${m.id}: compile unit ${u}`).toBe(true);
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
});

describe('every mutant compiles for sm_90', async () => {
  const nvcc = await hasNvcc();
  let tmp = '';
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'mutant-compile-'));
  });
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });
  it.skipIf(!nvcc).each(MUTANT_CORPUS.map((m) => [m.id, m] as const))(
    '%s',
    async (_id, m) => {
      const mat = await materializeMutant(m, kernelsOf(m), path.join(tmp, m.id));
      const flags = compilerFlags({ backend: 'cuda', arch: 'sm_90' }, [mat.dir, path.join(mat.dir, 'include')], {});
      for (const unit of m.compileUnits) {
        const out = path.join(tmp, `${m.id}-${path.basename(unit, '.hip')}.cubin`);
        await run('nvcc', [...flags, '-o', out, path.join(mat.dir, unit)], { maxBuffer: 16 * 1024 * 1024 }).catch((e: { stderr?: string }) => {
          throw new Error(`mutant '${m.id}': ${unit} does not compile:\n${e.stderr ?? String(e)}`);
        });
        expect(existsSync(out)).toBe(true);
      }
    },
    180_000,
  );
});
