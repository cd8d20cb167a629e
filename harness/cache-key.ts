/**
 * The kernel cache key: any change to what the compiler sees or to the compiler itself gives a new key. Headers are
 * named by their path relative to the source and include folders are passed relative too, so the key does not
 * depend on where the kernel directory lies (a fresh clone or a materialized mutant hits the same entry).
 */
import { createHash } from 'node:crypto';

/** Bumped whenever what a cache entry holds changes (now: the binary and the compiler's log). */
export const CACHE_FORMAT = 2;

export interface CacheKeyInputs {
  readonly source: string;
  readonly headers: readonly { readonly name: string; readonly content: string }[];
  readonly flags: readonly string[];
  readonly arch: string;
  readonly compilerVersion: string;
}

export function cacheKey(inputs: CacheKeyInputs): string {
  const h = createHash('sha256');
  h.update(`format:${CACHE_FORMAT};`);
  // Length-prefixed fields: no two different input lists can serialize to the same byte stream.
  const field = (tag: string, value: string): void => {
    h.update(`${tag}:${Buffer.byteLength(value)}:`);
    h.update(value);
  };
  field('source', inputs.source);
  const headers = [...inputs.headers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const hd of headers) {
    field('header-name', hd.name);
    field('header', hd.content);
  }
  for (const f of inputs.flags) field('flag', f);
  field('arch', inputs.arch);
  field('compiler', inputs.compilerVersion);
  return h.digest('hex');
}
