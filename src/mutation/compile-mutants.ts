/**
 * Every mutant must still compile, so that a GPU run judges the planted bug and not a build error. Each mutant
 * compiles only its compile units (the kernel sources that include the mutated file), with the runner's own
 * command line and through the shared content-keyed cache: a mutant whose sources did not change since the last
 * run costs a hash, and the GPU run of the same mutant later finds its binary there.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compileUnit } from '../../harness/compile.ts';
import { collectIncludes } from '../../harness/includes.ts';
import { kernelIncludeDirs, type CompileTarget, type ResolvedCompiler } from '../../harness/toolchain.ts';
import { errorMessage } from '../errors.ts';
import { mapWithConcurrency } from '../pool.ts';
import { materializeMutant } from './materialize.ts';
import { mutantBaseDir, type MutantSpec } from './spec.ts';

export interface MutantCompile {
  readonly id: string;
  /** One entry per compile unit that failed: the unit and the compiler's message. */
  readonly failures: readonly { readonly unit: string; readonly message: string }[];
  readonly units: number;
  /** Units found in the cache (compiled by an earlier run or another check). */
  readonly cached: number;
  /** From the start of the batch until this mutant's last unit was done. */
  readonly ms: number;
}

/** The compile units that do not include the mutated file at all (a compile of them checks nothing of the mutant). */
export async function unitsNotTouched(spec: MutantSpec, kernelDir: string): Promise<string[]> {
  const mutated = path.resolve(kernelDir, spec.file);
  const out: string[] = [];
  for (const unit of spec.compileUnits) {
    const source = path.resolve(kernelDir, unit);
    if (source === mutated) continue;
    const headers = await collectIncludes(source, kernelIncludeDirs(kernelDir));
    if (!headers.some((h) => h.path === mutated)) out.push(unit);
  }
  return out;
}

/**
 * Compiles every mutant's units for `target`, `jobs` compiler processes at a time; results in corpus order. Each
 * mutant is planted in its own kernel directory under `repoRoot` (mutantBaseDir).
 */
export async function compileMutants(
  corpus: readonly MutantSpec[],
  repoRoot: string,
  target: CompileTarget,
  o: { readonly jobs: number; readonly compiler?: ResolvedCompiler; readonly onDone?: (r: MutantCompile, done: number) => void },
): Promise<MutantCompile[]> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'mutant-compile-'));
  try {
    const started = Date.now();
    const state = new Map(corpus.map((spec) => [spec.id, { failures: [] as { unit: string; message: string }[], cached: 0, left: spec.compileUnits.length }]));
    const dirs = new Map<string, string>();
    for (const spec of corpus) {
      try {
        dirs.set(spec.id, (await materializeMutant(spec, path.join(repoRoot, mutantBaseDir(spec)), path.join(tmp, spec.id))).dir);
      } catch (e) {
        state.get(spec.id)?.failures.push({ unit: spec.file, message: errorMessage(e) });
      }
    }
    // one job per (mutant, unit), units shared by many mutants first: the long compiles start early
    const count = (unit: string): number => corpus.filter((m) => m.compileUnits.includes(unit)).length;
    const jobs = corpus
      .flatMap((spec) => spec.compileUnits.map((unit) => ({ spec, unit })))
      .filter((j) => dirs.has(j.spec.id))
      .sort((a, b) => count(b.unit) - count(a.unit));
    const results: MutantCompile[] = [];
    const finish = (spec: MutantSpec): void => {
      const s = state.get(spec.id);
      if (s === undefined) return;
      const r = { id: spec.id, failures: s.failures, units: spec.compileUnits.length, cached: s.cached, ms: Date.now() - started };
      results.push(r);
      o.onDone?.(r, results.length);
    };
    for (const spec of corpus) if (!dirs.has(spec.id)) finish(spec);
    await mapWithConcurrency(jobs, o.jobs, async ({ spec, unit }) => {
      const s = state.get(spec.id) as { failures: { unit: string; message: string }[]; cached: number; left: number };
      const dir = dirs.get(spec.id) as string;
      try {
        const r = await compileUnit({ source: path.join(dir, unit), includeDirs: kernelIncludeDirs(dir), target, ...(o.compiler ? { compiler: o.compiler } : {}) });
        if (!r.ok) s.failures.push({ unit, message: r.log.trim() });
        else if (r.cached) s.cached++;
      } catch (e) {
        s.failures.push({ unit, message: errorMessage(e) });
      }
      if (--s.left === 0) finish(spec);
    });
    return corpus.map((spec) => results.find((r) => r.id === spec.id) as MutantCompile);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** The failure text of one mutant, naming it and each unit. */
export function mutantCompileMessage(r: MutantCompile): string {
  return r.failures.map((f) => `mutant '${r.id}': ${f.unit} does not compile:\n${f.message}`).join('\n');
}
