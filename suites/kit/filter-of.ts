/**
 * The reference FilterSpec a sampling/renorm/mask entry is held to, from its manifest `reference` and
 * `tiePolicy`, with the parameter values of one call; and those values as the entry's kernel arguments.
 */
import { referenceTiePolicy, type ManifestEntry } from '../../src/manifest/index.ts';
import type { FilterSpec } from '../../src/reference/index.ts';
import type { PerRow, TiePolicy } from '../../src/types.ts';

export interface FilterParams {
  readonly k?: PerRow<number>;
  readonly p?: PerRow<number>;
  readonly minP?: PerRow<number>;
  /** Logit kernels only; not part of the FilterSpec. */
  readonly temperature?: PerRow<number>;
}

function need<T>(entry: ManifestEntry, v: T | undefined, what: string): T {
  if (v === undefined) throw new RangeError(`${entry.name}: filter '${entry.reference.filter}' needs parameter ${what}`);
  return v;
}

/**
 * The spec under `policy`: by default the one whose eligible set holds every token the entry may return (its own
 * policy, ties-kept for `any`: referenceTiePolicy).
 */
export function filterSpecOf(entry: ManifestEntry, params: FilterParams, policy: TiePolicy = referenceTiePolicy(entry)): FilterSpec {
  switch (entry.reference.filter ?? 'none') {
    case 'none':
      return { kind: 'none' };
    case 'top-k':
      return { kind: 'top-k', k: need(entry, params.k, 'k'), policy };
    case 'top-p':
      return { kind: 'top-p', p: need(entry, params.p, 'p'), policy };
    case 'min-p':
      return { kind: 'min-p', minP: need(entry, params.minP, 'minP') };
    case 'top-k-top-p':
      return { kind: 'top-k-top-p', k: need(entry, params.k, 'k'), p: need(entry, params.p, 'p'), order: entry.reference.order ?? 'topk-first', policy };
  }
}

/**
 * The kernel scalar each filter parameter is passed as; `neutral`, an in-range value passed when it is unused or not
 * given; `identity`, the value at which the parameter changes nothing (so an entry without it computes the same).
 */
const SCALARS: readonly { readonly key: keyof FilterParams; readonly name: string; readonly neutral: number; readonly identity?: number; readonly int: boolean }[] = [
  { key: 'k', name: 'top_k', neutral: 1, int: true },
  { key: 'p', name: 'top_p', neutral: 1, identity: 1, int: false },
  { key: 'minP', name: 'min_p', neutral: 0, identity: 0, int: false },
  { key: 'temperature', name: 'temperature', neutral: 1, identity: 1, int: false },
];

/** The per-row array whose null pointer falls back to scalar `name`, if the entry has one. */
function perRowParamOf(entry: ManifestEntry, name: string): string | undefined {
  return entry.params.find((p) => p.role === 'per-row' && p.fallback === name)?.name;
}

/**
 * Whether the entry can take these parameters: a scalar needs the kernel scalar (or is the value at which the
 * parameter changes nothing: a softmax without a temperature is a softmax at T = 1), a per-row value needs a per-row
 * array (an ABI with scalars only, such as the downstream engine's, has none). Suites leave the other cases out for
 * that entry.
 */
export function acceptsParams(entry: ManifestEntry, params: FilterParams): boolean {
  const names = new Set(entry.params.map((p) => p.name));
  return SCALARS.every(({ key, name, identity }) => {
    const v = params[key];
    if (v === undefined) return true;
    if (typeof v === 'number') return names.has(name) || v === identity;
    return perRowParamOf(entry, name) !== undefined;
  });
}

/** Scalar and per-row kernel arguments for these filter parameters (a per-row value goes to the scalar's per-row array). */
export function filterArgs(entry: ManifestEntry, params: FilterParams): { scalars: Record<string, number>; perRow: Record<string, Int32Array | Float32Array> } {
  const scalars: Record<string, number> = {};
  const perRow: Record<string, Int32Array | Float32Array> = {};
  const names = new Set(entry.params.map((p) => p.name));
  for (const { key, name, neutral, int } of SCALARS) {
    if (!names.has(name)) continue;
    const v = params[key];
    if (v === undefined || typeof v === 'number') {
      scalars[name] = v ?? neutral;
      continue;
    }
    const arr = perRowParamOf(entry, name);
    if (arr === undefined) throw new RangeError(`${entry.name}: has no per-row array for '${name}' (no per-row parameter with fallback '${name}'); pass a scalar`);
    scalars[name] = neutral; // unused by the kernel when the array is given, but must be in range
    perRow[arr] = int ? Int32Array.from(v) : Float32Array.from(v);
  }
  return { scalars, perRow };
}

/** Short text of a parameter case for test names and the report ("k=10 p=0.5", "k=per-row", "no filter"). */
export function paramsLabel(p: FilterParams): string {
  const s = Object.entries(p).map(([k, v]) => `${k}=${Array.isArray(v) || ArrayBuffer.isView(v) ? 'per-row' : String(v)}`);
  return s.length === 0 ? 'no filter' : s.join(' ');
}
