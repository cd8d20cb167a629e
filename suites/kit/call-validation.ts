/**
 * Validates one kernel call against its manifest entry BEFORE anything touches the GPU: every parameter present,
 * of its declared type and shape, inside its range (the manifest's `range` and the contract's range for the
 * well-known sampling parameters), and nothing passed that the kernel does not take. Errors name the kernel,
 * the parameter and the allowed range.
 */
import { assertMinP, assertTemperature, assertTopK, assertTopP } from '../../src/reference/arguments.ts';
import { arrayKindOf, isPointer, type AbiEntry, type AbiParam, type DeviceArray } from './abi.ts';

/** design.md: fixed-point sums are exact while vocab < 2^21. */
export const MAX_VOCAB = 2 ** 21 - 1;
export const MAX_BATCH = 2 ** 31 - 1;
const U64_MAX = (1n << 64n) - 1n;

export interface KernelCall {
  readonly batch: number;
  readonly vocab: number;
  /** Input (`in`, `inout`) arrays by parameter name; `out` parameters are allocated. */
  readonly buffers?: Readonly<Record<string, DeviceArray>>;
  /** Scalar parameters by name; `batch` and `vocab` are filled from the call when omitted. */
  readonly scalars?: Readonly<Record<string, number | bigint>>;
  /** Per-row arrays by parameter name; an omitted nullable one is passed as a null pointer. */
  readonly perRow?: Readonly<Record<string, DeviceArray>>;
}

/** One argument, ready to upload/allocate and marshal, in the entry's parameter order. */
export type PlannedArg =
  | { readonly param: AbiParam; readonly kind: 'upload'; readonly data: DeviceArray }
  | { readonly param: AbiParam; readonly kind: 'alloc'; readonly length: number }
  | { readonly param: AbiParam; readonly kind: 'null' }
  | { readonly param: AbiParam; readonly kind: 'i32' | 'u32' | 'f32'; readonly value: number }
  | { readonly param: AbiParam; readonly kind: 'u64'; readonly value: bigint };

/** Contract ranges of the sampling parameters, keyed by the scalar name (`top_p`) or its per-row array (`top_p_arr`). */
const SEMANTIC: Readonly<Record<string, (v: number, name: string) => void>> = {
  top_k: assertTopK,
  top_p: assertTopP,
  min_p: assertMinP,
  temperature: assertTemperature,
};

function semanticCheck(name: string): ((v: number, name: string) => void) | undefined {
  return SEMANTIC[name.replace(/_arr$/, '')];
}

function fail(entry: AbiEntry, message: string): never {
  throw new RangeError(`${entry.name}: ${message}`);
}

function checkSize(entry: AbiEntry, what: 'batch' | 'vocab', v: unknown, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
    fail(entry, `${what} must be an integer in [1, ${max}], got ${String(v)}`);
  }
  return v;
}

function checkScalar(entry: AbiEntry, p: AbiParam, v: unknown): PlannedArg {
  const where = `scalar '${p.name}' (${p.type})`;
  if (p.type === 'u64') {
    if (typeof v !== 'bigint' || v < 0n || v > U64_MAX) fail(entry, `${where} must be a bigint in [0, 2^64 - 1], got ${String(v)}`);
    return { param: p, kind: 'u64', value: v };
  }
  if (typeof v !== 'number') fail(entry, `${where} must be a number, got ${typeof v}`);
  if (p.type === 'i32' && !(Number.isInteger(v) && v >= -(2 ** 31) && v <= 2 ** 31 - 1)) {
    fail(entry, `${where} must be an integer in [-2^31, 2^31 - 1], got ${v}`);
  }
  if (p.type === 'u32' && !(Number.isInteger(v) && v >= 0 && v <= 2 ** 32 - 1)) {
    fail(entry, `${where} must be an integer in [0, 2^32 - 1], got ${v}`);
  }
  if (p.type === 'f32' && !Number.isFinite(Math.fround(v))) fail(entry, `${where} must be a finite fp32 value, got ${v}`);
  checkRange(entry, p, v, where);
  return { param: p, kind: p.type as 'i32' | 'u32' | 'f32', value: v };
}

function checkRange(entry: AbiEntry, p: AbiParam, v: number, where: string): void {
  // the contract's wording first ("(0, 1]" reads better than a manifest range of [2^-149, 1])
  const semantic = semanticCheck(p.name);
  if (semantic !== undefined) {
    try {
      semantic(v, where);
    } catch (e) {
      fail(entry, (e as Error).message);
    }
  }
  if (p.range !== undefined && !(v >= p.range[0] && v <= p.range[1])) {
    fail(entry, `${where} must be in [${p.range[0]}, ${p.range[1]}] (manifest range), got ${v}`);
  }
}

function expectedLength(entry: AbiEntry, p: AbiParam, batch: number, vocab: number): number {
  const shape = p.shape ?? (p.role === 'per-row' ? 'batch' : undefined);
  if (shape === undefined) fail(entry, `pointer parameter '${p.name}' declares no shape in the manifest`);
  return shape === 'batch' ? batch : batch * vocab;
}

function checkArray(entry: AbiEntry, p: AbiParam, data: unknown, length: number, what: string): DeviceArray {
  const kind = arrayKindOf(p.type as 'f32*' | 'i32*' | 'u32*');
  if (!(data instanceof kind.ctor)) fail(entry, `${what} '${p.name}' (${p.type}) must be a ${kind.name}`);
  if (data.length !== length) fail(entry, `${what} '${p.name}' must have ${length} elements (${p.shape ?? 'batch'}), got ${data.length}`);
  return data;
}

/** The whole call, checked; throws a RangeError/TypeError naming the parameter before any GPU work. */
export function planCall(entry: AbiEntry, call: KernelCall): PlannedArg[] {
  if (call === null || typeof call !== 'object') throw new TypeError(`${entry.name}: call must be an object`);
  const batch = checkSize(entry, 'batch', call.batch, MAX_BATCH);
  const vocab = checkSize(entry, 'vocab', call.vocab, MAX_VOCAB);
  if (batch * vocab > 2 ** 31 - 1) fail(entry, `batch × vocab must be ≤ 2^31 - 1 (int32 indexing), got ${batch * vocab}`);
  const buffers = call.buffers ?? {};
  const scalars: Record<string, number | bigint> = { batch, vocab, ...(call.scalars ?? {}) };
  const perRow = call.perRow ?? {};
  const known = new Set(entry.params.map((p) => p.name));
  for (const [group, names] of [['buffers', Object.keys(buffers)], ['scalars', Object.keys(call.scalars ?? {})], ['perRow', Object.keys(perRow)]] as const) {
    for (const n of names) {
      if (!known.has(n)) fail(entry, `${group}.${n} is not a parameter of ${entry.function} (parameters: ${[...known].join(', ')})`);
    }
  }
  return entry.params.map((p): PlannedArg => {
    if (!isPointer(p.type)) {
      if (p.role !== 'scalar') fail(entry, `parameter '${p.name}' has value type ${p.type} but role '${p.role}'`);
      if (!(p.name in scalars)) fail(entry, `scalar '${p.name}' (${p.type}) is required`);
      if (p.name === 'batch' && scalars.batch !== batch) fail(entry, `scalars.batch must equal call.batch = ${batch}`);
      if (p.name === 'vocab' && scalars.vocab !== vocab) fail(entry, `scalars.vocab must equal call.vocab = ${vocab}`);
      return checkScalar(entry, p, scalars[p.name]);
    }
    const length = expectedLength(entry, p, batch, vocab);
    if (p.role === 'out') {
      if (p.name in buffers) fail(entry, `'${p.name}' is an output: it is allocated, do not pass it in buffers`);
      return { param: p, kind: 'alloc', length };
    }
    if (p.role === 'per-row') {
      const data = perRow[p.name] ?? buffers[p.name];
      if (data === undefined) {
        if (p.nullable !== true) fail(entry, `per-row '${p.name}' is required (not nullable)`);
        return { param: p, kind: 'null' };
      }
      const arr = checkArray(entry, p, data, length, 'per-row');
      arr.forEach((v, r) => checkRange(entry, p, v, `per-row '${p.name}'[${r}]`));
      return { param: p, kind: 'upload', data: arr };
    }
    const data = buffers[p.name];
    if (data === undefined) fail(entry, `${p.role} buffer '${p.name}' (${p.type}) is required`);
    return { param: p, kind: 'upload', data: checkArray(entry, p, data, length, 'buffer') };
  });
}
