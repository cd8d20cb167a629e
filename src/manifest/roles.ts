/** What each parameter of a validated entry is for: the lookups every layer uses instead of matching names. */
import type { TiePolicy } from '../types.ts';
import {
  RESERVED_ROLES,
  RESERVED_SCALARS,
  type ElementType,
  type KernelParam,
  type ManifestEntry,
  type PipelineStage,
  type ReservedRole,
} from './types.ts';

/**
 * The reserved scalar a parameter receives: its role when declared by role (`batch_size` with role `batch`), or
 * its name when it is a `scalar` named `batch`, `vocab`, `seed` or `offset` (the shipped manifest's form).
 */
export function reservedRoleOf(param: KernelParam): ReservedRole | null {
  if ((RESERVED_ROLES as readonly string[]).includes(param.role)) return param.role as ReservedRole;
  if (param.role === 'scalar' && Object.hasOwn(RESERVED_SCALARS, param.name)) return param.name as ReservedRole;
  return null;
}

/** The parameter with a reserved role, or the `uniforms`, `workspace` or `indices` one; undefined when the entry has none. */
export function paramOfRole(entry: Pick<ManifestEntry, 'params'>, role: ReservedRole | 'uniforms' | 'workspace' | 'indices'): KernelParam | undefined {
  return entry.params.find((p) => (role === 'uniforms' || role === 'workspace' || role === 'indices' ? p.role === role : reservedRoleOf(p) === role));
}

/** A filter/temperature scalar the caller supplies (not a reserved one). */
export function isCallerScalar(param: KernelParam): boolean {
  return param.role === 'scalar' && reservedRoleOf(param) === null;
}

/** Element type of a row buffer (`f16*` → 'f16'); null for other types. */
export function elementTypeOf(param: Pick<KernelParam, 'type'>): ElementType | null {
  return param.type === 'f32*' ? 'f32' : param.type === 'f16*' ? 'f16' : param.type === 'bf16*' ? 'bf16' : null;
}

/** The entry's row input: its first `in` parameter of shape batch·vocab (inputBatch·vocab for an entry with indices). */
export function rowInputOf(entry: Pick<ManifestEntry, 'params' | 'name'>): KernelParam {
  const p = entry.params.find((q) => q.role === 'in' && (q.shape === 'batch*vocab' || q.shape === 'inputBatch*vocab'));
  if (p === undefined) throw new RangeError(`${entry.name}: no 'in' parameter of shape batch*vocab or inputBatch*vocab (the row input)`);
  return p;
}

/**
 * The launches of one call, in order. A single-kernel entry's one launch is read from its `function`, `launch` and
 * `params` (not from `stages`), so an entry derived with `{ ...entry, function: 'other' }` launches what it says.
 */
export function stagesOf(entry: Pick<ManifestEntry, 'stages' | 'function' | 'launch' | 'params'>): readonly PipelineStage[] {
  return entry.stages.length > 1 ? entry.stages : [{ function: entry.function, launch: entry.launch, args: entry.params.map((p) => p.name) }];
}

/** Every extern "C" function a call launches, in order (one for a single-kernel entry). */
export function functionsOf(entry: Pick<ManifestEntry, 'stages' | 'function' | 'launch' | 'params'>): string[] {
  return stagesOf(entry).map((s) => s.function);
}

/**
 * The reference tie policy whose eligible set contains every token the entry may return: its own, or for `any`
 * (anything between the exact and the ties-kept set) the superset `ties-kept`; `ties-kept` for an entry without one.
 */
export function referenceTiePolicy(entry: Pick<ManifestEntry, 'tiePolicy'>): TiePolicy {
  return entry.tiePolicy === 'exact' ? 'exact' : 'ties-kept';
}
