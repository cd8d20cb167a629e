/**
 * Applies a mutant: a copy of the kernel directory with exactly one replacement. Drift in the real kernels (the find
 * text gone, or now ambiguous) is an error naming the mutant and the text, so CI catches it before a GPU run would
 * report a meaningless "survived".
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MutantSpec } from './spec.ts';

/** Thrown when a spec no longer applies to the kernel sources. */
export class MutantDriftError extends Error {
  constructor(
    readonly mutantId: string,
    readonly file: string,
    readonly occurrences: number,
    readonly find: string,
  ) {
    super(
      `mutant '${mutantId}': ${occurrences === 0 ? 'find text not found' : `find text occurs ${occurrences} times (must be exactly once)`} ` +
        `in ${file}:\n---\n${find}\n---`,
    );
    this.name = 'MutantDriftError';
  }
}

export function countOccurrences(text: string, needle: string): number {
  if (needle.length === 0) throw new RangeError('needle must not be empty');
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** The mutated text of one source file; throws MutantDriftError unless `find` occurs exactly once. */
export function applyMutant(source: string, spec: MutantSpec): string {
  const n = countOccurrences(source, spec.find);
  if (n !== 1) throw new MutantDriftError(spec.id, spec.file, n, spec.find);
  const at = source.indexOf(spec.find);
  return source.slice(0, at) + spec.replace + source.slice(at + spec.find.length);
}

export interface MaterializedMutant {
  /** The kernel directory to point SAMPLING_KERNEL_DIR at. */
  readonly dir: string;
  /** Absolute path of the mutated file inside `dir`. */
  readonly file: string;
}

/** Copies `srcDir` to `outDir` (which must not hold an older copy) and plants the mutant's one bug there. */
export async function materializeMutant(spec: MutantSpec, srcDir: string, outDir: string): Promise<MaterializedMutant> {
  const src = path.resolve(srcDir);
  const dir = path.resolve(outDir);
  if (dir === src || dir.startsWith(src + path.sep)) {
    throw new RangeError(`outDir '${outDir}' must lie outside srcDir '${srcDir}'`);
  }
  const original = path.join(src, spec.file);
  const text = await readFile(original, 'utf8').catch((e: unknown) => {
    throw new RangeError(`mutant '${spec.id}': file '${spec.file}' is not readable in ${srcDir}: ${String(e)}`);
  });
  const mutated = applyMutant(text, spec);
  await mkdir(dir, { recursive: true });
  await cp(src, dir, { recursive: true, errorOnExist: false, force: true });
  const file = path.join(dir, spec.file);
  await writeFile(file, mutated);
  return { dir, file };
}
