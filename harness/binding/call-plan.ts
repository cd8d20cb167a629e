/**
 * THE validation of one kernel call against its manifest entry (the runner, the suites and the benches all bind
 * through it), before anything touches the device: every parameter's type, role, length and nullability, its range
 * (the design contract's for the sampling parameters, then the manifest's), the reserved scalars, the shape limits
 * of the fixed-point contract and int32 indexing, and the device memory the call needs. The result is a plan (what
 * to upload, allocate and pass, in ABI order) that kernel-binding.ts executes. Pure: no I/O.
 */
import { resolveLaunch, resolveWorkspaceBytes } from '../../src/manifest/launch.ts';
import type { KernelParam, LaunchShape, ManifestEntry, ParamType, ResolvedLaunch } from '../../src/manifest/types.ts';
import { MAX_VOCAB } from '../../src/fixtures/logit-shape.ts';
import type { BufferHandle } from '../handles.ts';
import { contractCheckOf } from './contract-ranges.ts';

export type HostArray = Float32Array | Int32Array | Uint32Array;
/** A host array to upload, or a buffer already on the device (the binding neither copies nor frees it). */
export type BindBuffer = HostArray | BufferHandle;
export type ScalarValue = number | bigint;

export interface CallInputs {
  readonly buffers?: Readonly<Record<string, BindBuffer | null | undefined>>;
  readonly scalars?: Readonly<Record<string, ScalarValue>>;
}

/** One argument slot, in ABI order. */
export type PlannedArg =
  | { readonly kind: 'upload'; readonly param: KernelParam; readonly data: HostArray }
  | { readonly kind: 'device'; readonly param: KernelParam; readonly handle: BufferHandle }
  | { readonly kind: 'alloc'; readonly param: KernelParam; readonly length: number; readonly bytes: number }
  | { readonly kind: 'null'; readonly param: KernelParam }
  | { readonly kind: 'scalar'; readonly param: KernelParam; readonly type: 'i32' | 'u32' | 'f32' | 'u64'; readonly value: number | bigint };

export interface CallPlan {
  readonly entry: ManifestEntry;
  readonly shape: LaunchShape;
  readonly launch: ResolvedLaunch;
  readonly args: readonly PlannedArg[];
  /** Bytes this call puts on the device (uploads + allocations). */
  readonly deviceBytes: number;
}

const U64_MAX = (1n << 64n) - 1n;
const INT_LIMITS = { i32: [-(2 ** 31), 2 ** 31 - 1], u32: [0, 2 ** 32 - 1] } as const;
/** Kernels index rows with int32: batch·vocab must fit. */
const MAX_ELEMENTS = 2 ** 31 - 1;
const ARRAY_OF: Record<'f32*' | 'i32*' | 'u32*', { name: string; ctor: Float32ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor }> = {
  'f32*': { name: 'Float32Array', ctor: Float32Array },
  'i32*': { name: 'Int32Array', ctor: Int32Array },
  'u32*': { name: 'Uint32Array', ctor: Uint32Array },
};
/** Scalars the binding fills from the launch shape; a caller passing them would only be able to contradict it. */
const SHAPE_SCALARS = new Set(['batch', 'vocab']);

export function isPointerType(t: ParamType): t is 'f32*' | 'i32*' | 'u32*' {
  return t === 'f32*' || t === 'i32*' || t === 'u32*';
}

/** The typed-array constructor a pointer parameter's host data and downloads use. */
export function arrayCtorOf(t: 'f32*' | 'i32*' | 'u32*'): Float32ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor {
  return ARRAY_OF[t].ctor;
}

/** Element count of a pointer parameter for this shape. */
export function elementCount(param: KernelParam, shape: LaunchShape): number {
  return param.shape === 'batch' ? shape.batch : shape.batch * shape.vocab;
}

function isBufferHandle(v: unknown): v is BufferHandle {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'buffer';
}

function rangeText(param: KernelParam, type: string): string {
  if (param.range) return `[${param.range[0]}, ${param.range[1]}]`;
  if (type === 'i32' || type === 'u32') return `[${INT_LIMITS[type][0]}, ${INT_LIMITS[type][1]}]`;
  return type === 'u64' ? '[0, 2^64 - 1]' : 'finite fp32 values';
}

/**
 * Checks one scalar value (also used for every element of a per-row array) against its type, the contract's range
 * (contract-ranges.ts) and the manifest's inclusive range; returns the value to pass. f32 values are also checked
 * after rounding to fp32, the value the kernel sees.
 */
export function checkScalar(kernel: string, param: KernelParam, type: 'i32' | 'u32' | 'f32' | 'u64', value: unknown, where = param.name): number | bigint {
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
      throw new RangeError(`${kernel}: ${(e as Error).message}`);
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

/** The manifest's own batch/vocab ranges are checked afterwards by resolveLaunch. */
function checkShape(kernel: string, shape: LaunchShape): void {
  if (typeof shape !== 'object' || shape === null) throw new TypeError(`${kernel}: shape must be { batch, vocab }, got ${String(shape)}`);
  // design.md: fixed-point row sums are exact only while vocab < 2^21, whatever a manifest declares
  const limits = { batch: INT_LIMITS.i32[1], vocab: MAX_VOCAB };
  for (const key of ['batch', 'vocab'] as const) {
    const v = shape[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > limits[key]) {
      throw new RangeError(`${kernel}: ${key} must be an integer in [1, ${limits[key]}], got ${String(v)}`);
    }
  }
  if (shape.batch * shape.vocab > MAX_ELEMENTS) {
    throw new RangeError(`${kernel}: batch·vocab must be ≤ 2^31 - 1 (int32 indexing), got ${shape.batch * shape.vocab}`);
  }
}

function checkNames(kernel: string, what: string, given: readonly string[], allowed: readonly string[]): void {
  for (const name of given) {
    if (!allowed.includes(name)) {
      throw new TypeError(`${kernel}: unknown ${what} '${name}'; this kernel's ${what}s are: ${allowed.join(', ') || '(none)'}`);
    }
  }
}

function planPointer(kernel: string, param: KernelParam & { type: 'f32*' | 'i32*' | 'u32*' }, given: unknown, shape: LaunchShape): PlannedArg {
  const length = elementCount(param, shape);
  const bytes = length * 4;
  const want = ARRAY_OF[param.type];
  const lengthText = `${length} elements (${param.shape === 'batch' ? 'batch' : 'batch·vocab'})`;
  if (param.role === 'out') {
    if (given !== undefined && given !== null) {
      throw new TypeError(`${kernel}: buffer '${param.name}' is an output; the binding allocates it (${lengthText}), do not pass it`);
    }
    return { kind: 'alloc', param, length, bytes };
  }
  if (given === undefined || given === null) {
    if (param.role === 'per-row' && param.nullable === true) return { kind: 'null', param };
    const form = param.role === 'per-row' ? `a host ${want.name} of ${lengthText} (not nullable)` : `a ${want.name} of ${lengthText} or a device buffer`;
    throw new TypeError(`${kernel}: buffer '${param.name}' (${param.type}, ${param.role}) is required: ${form}`);
  }
  if (isBufferHandle(given)) {
    if (param.role === 'per-row') {
      throw new TypeError(`${kernel}: per-row buffer '${param.name}' must be a host ${want.name} (its values are range-checked before upload)`);
    }
    if (given.bytes < bytes) {
      throw new RangeError(`${kernel}: device buffer '${param.name}' holds ${given.bytes} bytes, needs ≥ ${bytes} (${lengthText} × 4)`);
    }
    return { kind: 'device', param, handle: given };
  }
  if (!(given instanceof want.ctor)) {
    const got = ArrayBuffer.isView(given) ? given.constructor.name : typeof given;
    throw new TypeError(`${kernel}: buffer '${param.name}' (${param.type}) must be a ${want.name}, got ${got}`);
  }
  if (given.length !== length) {
    throw new RangeError(`${kernel}: buffer '${param.name}' must have ${lengthText}, got ${given.length}`);
  }
  if (param.role === 'per-row') {
    const scalarType = param.type === 'f32*' ? 'f32' : param.type === 'i32*' ? 'i32' : 'u32';
    for (let row = 0; row < given.length; row++) checkScalar(kernel, param, scalarType, given[row], `per-row '${param.name}'[${row}]`);
  }
  return { kind: 'upload', param, data: given };
}

/**
 * Validates a call; throws RangeError/TypeError naming the kernel, the parameter and the allowed range.
 * `deviceMemBytes` bounds what the call may put on the device.
 */
export function planCall(entry: ManifestEntry, shape: LaunchShape, inputs: CallInputs, deviceMemBytes: number): CallPlan {
  const kernel = entry.name;
  if (typeof inputs !== 'object' || inputs === null) throw new TypeError(`${kernel}: inputs must be { buffers, scalars }, got ${String(inputs)}`);
  checkShape(kernel, shape);
  const launch = resolveLaunch(entry, shape);
  const workspace = resolveWorkspaceBytes(entry, shape);
  if (workspace > 0) {
    // No parameter role receives a workspace yet: launching would hand the kernel no memory it counts on.
    throw new RangeError(
      `${kernel}: workspaceBytes is ${workspace} for batch ${shape.batch} × vocab ${shape.vocab}, but the binding passes no workspace ` +
        `(allowed: 0); pass scratch memory as an 'inout' parameter instead`,
    );
  }
  const buffers = inputs.buffers ?? {};
  const scalars = inputs.scalars ?? {};
  const pointerNames = entry.params.filter((p) => isPointerType(p.type)).map((p) => p.name);
  const scalarNames = entry.params.filter((p) => !isPointerType(p.type) && !SHAPE_SCALARS.has(p.name)).map((p) => p.name);
  for (const name of Object.keys(scalars)) {
    if (SHAPE_SCALARS.has(name)) throw new TypeError(`${kernel}: scalar '${name}' comes from the launch shape; do not pass it`);
  }
  checkNames(kernel, 'buffer', Object.keys(buffers), pointerNames);
  checkNames(kernel, 'scalar', Object.keys(scalars), scalarNames);

  const elements = shape.batch * shape.vocab;
  if (elements * 4 > deviceMemBytes) {
    throw new RangeError(`${kernel}: batch·vocab·4 = ${elements * 4} bytes exceeds the device's ${deviceMemBytes} bytes of memory`);
  }
  const pointerArgs = new Map<string, PlannedArg>();
  for (const p of entry.params) {
    if (isPointerType(p.type)) pointerArgs.set(p.name, planPointer(kernel, p as KernelParam & { type: 'f32*' | 'i32*' | 'u32*' }, buffers[p.name], shape));
  }
  const args = entry.params.map((p): PlannedArg => {
    const pointer = pointerArgs.get(p.name);
    if (pointer) return pointer;
    const type = p.type as 'i32' | 'u32' | 'f32' | 'u64';
    if (SHAPE_SCALARS.has(p.name)) return { kind: 'scalar', param: p, type, value: checkScalar(kernel, p, type, shape[p.name as 'batch' | 'vocab']) };
    const given = scalars[p.name];
    if (given !== undefined) return { kind: 'scalar', param: p, type, value: checkScalar(kernel, p, type, given) };
    // A fallback scalar is unused while its per-row array is present; any in-range value will do.
    const perRow = entry.params.find((q) => q.fallback === p.name);
    if (perRow && pointerArgs.get(perRow.name)?.kind === 'upload') {
      return { kind: 'scalar', param: p, type, value: type === 'u64' ? 0n : (p.range?.[0] ?? 0) };
    }
    const hint = perRow ? ` (or pass the per-row buffer '${perRow.name}')` : '';
    throw new TypeError(`${kernel}: scalar '${p.name}' (${p.type}) is required${hint}; allowed ${rangeText(p, type)}`);
  });
  const deviceBytes = args.reduce((sum, a) => sum + (a.kind === 'alloc' ? a.bytes : a.kind === 'upload' ? a.data.byteLength : 0), 0);
  if (deviceBytes > deviceMemBytes) {
    throw new RangeError(`${kernel}: the call needs ${deviceBytes} bytes of device buffers, more than the device's ${deviceMemBytes} bytes`);
  }
  return { entry, shape, launch, args, deviceBytes };
}
