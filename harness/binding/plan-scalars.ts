/**
 * Scalars of a call: the caller's names resolved to parameters (the reserved `seed`/`offset` also reach a
 * parameter declared by role under another name, or — for `uniforms-in` — the rocRAND generator the binding fills
 * the uniforms from), and every value checked against its type, the contract's range and the manifest's.
 */
import { reservedRoleOf } from '../../src/manifest/roles.ts';
import type { KernelParam, ManifestEntry, ScalarType } from '../../src/manifest/types.ts';
import { contractCheckOf } from './contract-ranges.ts';
import { errorMessage } from '../../src/errors.ts';

export type ScalarValue = number | bigint;

const U64_MAX = (1n << 64n) - 1n;
const INT_LIMITS = { i32: [-(2 ** 31), 2 ** 31 - 1], u32: [0, 2 ** 32 - 1] } as const;

/** The scalars of a uniforms-in call that are not kernel parameters: the generator's seed and offset. */
export const GENERATOR_SCALARS = ['seed', 'offset'] as const;
/** The u64 parameter the generator's seed and offset are checked as (any u64; no range). */
export const GENERATOR_PARAM: Readonly<Record<'seed' | 'offset', KernelParam>> = {
  seed: { name: 'seed', type: 'u64', role: 'seed' },
  offset: { name: 'offset', type: 'u64', role: 'offset' },
};

export function rangeText(param: KernelParam, type: string): string {
  if (param.range) return `[${param.range[0]}, ${param.range[1]}]`;
  if (type === 'i32' || type === 'u32') return `[${INT_LIMITS[type][0]}, ${INT_LIMITS[type][1]}]`;
  return type === 'u64' ? '[0, 2^64 - 1]' : 'finite fp32 values';
}

/**
 * Checks one scalar value (also used for every element of a per-row array) against its type, the contract's range
 * (contract-ranges.ts) and the manifest's inclusive range; returns the value to pass. f32 values are also checked
 * after rounding to fp32, the value the kernel sees.
 */
export function checkScalar(kernel: string, param: KernelParam, type: ScalarType, value: unknown, where = param.name): number | bigint {
  const fail = (E: typeof RangeError | typeof TypeError, got: string): never => {
    throw new E(`${kernel}: ${where} (${type}) must be ${type === 'u64' ? 'a bigint or safe integer' : type === 'f32' ? 'a number' : 'an integer'} in ${rangeText(param, type)}, got ${got}`);
  };
  if (type === 'u64') {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) fail(TypeError, String(value));
    if (typeof value !== 'bigint' && typeof value !== 'number') fail(TypeError, typeof value);
    const v = BigInt(value as number | bigint);
    const [lo, hi] = param.range ? [BigInt(Math.ceil(param.range[0])), BigInt(Math.floor(param.range[1]))] : [0n, U64_MAX];
    if (v < 0n || v > U64_MAX || v < lo || v > hi) fail(RangeError, String(value));
    return v;
  }
  if (typeof value !== 'number') return fail(TypeError, typeof value === 'bigint' ? `the bigint ${value}` : typeof value);
  if (type !== 'f32' && !Number.isInteger(value)) fail(TypeError, String(value));
  const contract = contractCheckOf(param);
  if (contract) {
    try {
      contract(value, `${where} (${type})`);
    } catch (e) {
      throw new RangeError(`${kernel}: ${errorMessage(e)}`);
    }
  }
  if (type === 'f32') {
    const f = Math.fround(value);
    if (!Number.isFinite(f)) fail(RangeError, String(value));
    if (param.range && !(f >= param.range[0] && f <= param.range[1] && value >= param.range[0] && value <= param.range[1])) {
      fail(RangeError, f === value ? String(value) : `${value} (fp32 ${f})`);
    }
    return f;
  }
  const [lo, hi] = INT_LIMITS[type];
  if (value < lo || value > hi || (param.range && (value < param.range[0] || value > param.range[1]))) fail(RangeError, String(value));
  return value;
}

/** Where a caller-named scalar goes: a kernel parameter, or the uniforms generator's seed/offset. */
export type ScalarTarget = { readonly kind: 'param'; readonly param: KernelParam } | { readonly kind: 'generator'; readonly key: 'seed' | 'offset' };

/** The scalars a caller may name for this entry (reserved batch/vocab come from the shape). */
export function scalarTargets(entry: ManifestEntry): Map<string, ScalarTarget> {
  const targets = new Map<string, ScalarTarget>();
  for (const p of entry.params) {
    const reserved = reservedRoleOf(p);
    if (p.type.endsWith('*') || reserved === 'batch' || reserved === 'vocab' || reserved === 'draft' || reserved === 'input-batch') continue;
    const target: ScalarTarget = { kind: 'param', param: p };
    targets.set(p.name, target);
    // `seed`/`offset` always mean the call's randomness, whatever the kernel names its parameters
    if ((reserved === 'seed' || reserved === 'offset') && !targets.has(reserved)) targets.set(reserved, target);
  }
  if (entry.rng?.mode === 'uniforms-in') for (const key of GENERATOR_SCALARS) targets.set(key, { kind: 'generator', key });
  return targets;
}

/**
 * The shape's scalars under every name a caller might use for them (`batch`, `batch_size` declared with role batch,
 * `draft`, `inputBatch`, or the parameters declared with those roles).
 */
export function shapeScalarNames(entry: ManifestEntry): Set<string> {
  const names = new Set<string>(['batch', 'vocab', 'draft', 'inputBatch']);
  for (const p of entry.params) {
    const r = reservedRoleOf(p);
    if (r === 'batch' || r === 'vocab' || r === 'draft' || r === 'input-batch') names.add(p.name);
  }
  return names;
}

/**
 * Resolves the caller's scalar names: each to one target, none twice (a parameter given under its name and its
 * role alias), no unknown or shape name.
 */
export function resolveScalarNames(entry: ManifestEntry, given: Readonly<Record<string, ScalarValue>>): Map<ScalarTarget, { name: string; value: ScalarValue }> {
  const kernel = entry.name;
  const targets = scalarTargets(entry);
  const shapeNames = shapeScalarNames(entry);
  const out = new Map<ScalarTarget, { name: string; value: ScalarValue }>();
  for (const [name, value] of Object.entries(given)) {
    if (shapeNames.has(name)) throw new TypeError(`${kernel}: scalar '${name}' comes from the launch shape; do not pass it`);
    const target = targets.get(name);
    if (target === undefined) {
      throw new TypeError(`${kernel}: unknown scalar '${name}'; this kernel's scalars are: ${[...targets.keys()].join(', ') || '(none)'}`);
    }
    const same = out.get(target);
    if (same !== undefined) throw new TypeError(`${kernel}: scalar '${name}' is given twice (also as '${same.name}')`);
    out.set(target, { name, value });
  }
  return out;
}
