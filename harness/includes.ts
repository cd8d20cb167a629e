/** Finds every header a kernel source includes (transitively), so the cache key covers their content. */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface IncludedHeader {
  /** The spelling in the #include directive. */
  readonly name: string;
  readonly path: string;
  readonly content: string;
}

const INCLUDE = /^\s*#\s*include\s*(?:"([^"]+)"|<([^>]+)>)/gm;

/**
 * Quoted includes resolve against the including file's folder then includeDirs; angle includes against includeDirs
 * only. One found nowhere is a system header (hip_runtime.h, cstdint): the compiler version stands for it.
 */
export async function collectIncludes(sourcePath: string, includeDirs: readonly string[]): Promise<IncludedHeader[]> {
  const found = new Map<string, IncludedHeader>();
  const visit = async (file: string, text: string): Promise<void> => {
    for (const m of text.matchAll(INCLUDE)) {
      const quoted = m[1];
      const name = (quoted ?? m[2]) as string;
      const dirs = quoted !== undefined ? [path.dirname(file), ...includeDirs] : [...includeDirs];
      const hit = dirs.map((d) => path.resolve(d, name)).find((p) => existsSync(p));
      if (hit === undefined || found.has(hit)) continue;
      const content = await readFile(hit, 'utf8');
      found.set(hit, { name, path: hit, content });
      await visit(hit, content);
    }
  };
  await visit(path.resolve(sourcePath), await readFile(sourcePath, 'utf8'));
  return [...found.values()];
}
