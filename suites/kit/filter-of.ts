/**
 * The reference FilterSpec a sampling/renorm/mask entry is held to, from its manifest `reference` and
 * `tiePolicy`, with the parameter values of one call.
 */
import { referenceTiePolicy, type ManifestEntry } from '../../src/manifest/index.ts';
import type { FilterSpec } from '../../src/reference/index.ts';
import type { PerRow } from '../../src/types.ts';

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

export function filterSpecOf(entry: ManifestEntry, params: FilterParams): FilterSpec {
  const policy = referenceTiePolicy(entry);
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

/** Scalar and per-row kernel arguments for these filter parameters (a per-row value goes to `<name>_arr`). */
export function filterArgs(entry: ManifestEntry, params: FilterParams): { scalars: Record<string, number>; perRow: Record<string, Int32Array | Float32Array> } {
  const scalars: Record<string, number> = {};
  const perRow: Record<string, Int32Array | Float32Array> = {};
  const names = new Set(entry.params.map((p) => p.name));
  const put = (name: string, v: PerRow<number> | undefined, ctor: Int32ArrayConstructor | Float32ArrayConstructor, neutral: number): void => {
    if (!names.has(name)) return;
    if (v === undefined || typeof v === 'number') scalars[name] = v ?? neutral;
    else {
      scalars[name] = neutral; // unused by the kernel when the array is given, but must be in range
      const arr = entry.params.find((p) => p.role === 'per-row' && p.fallback === name)?.name ?? `${name}_arr`;
      perRow[arr] = ctor.from(v);
    }
  };
  put('top_k', params.k, Int32Array, 1);
  put('top_p', params.p, Float32Array, 1);
  put('min_p', params.minP, Float32Array, 0);
  put('temperature', params.temperature, Float32Array, 1);
  return { scalars, perRow };
}

/** Short text of a parameter case for test names and the report ("k=10 p=0.5", "k=per-row", "no filter"). */
export function paramsLabel(p: FilterParams): string {
  const s = Object.entries(p).map(([k, v]) => `${k}=${Array.isArray(v) || ArrayBuffer.isView(v) ? 'per-row' : String(v)}`);
  return s.length === 0 ? 'no filter' : s.join(' ');
}
