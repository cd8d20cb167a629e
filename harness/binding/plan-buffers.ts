/**
 * Buffers of a call: element sizes and host array types per pointer type, and the plan of each pointer parameter
 * (upload the caller's array — f16/bf16 rows encoded round-to-nearest-even from fp32, or taken as raw bits —, use
 * the caller's device buffer, allocate an output, pass null for an omitted per-row array).
 */
import { encodeElements } from '../../src/manifest/elements.ts';
import { elementTypeOf } from '../../src/manifest/roles.ts';
import type { KernelParam, LaunchShape, PointerType } from '../../src/manifest/types.ts';
import type { BufferHandle } from '../handles.ts';
import { checkScalar } from './plan-scalars.ts';

/** Host arrays a call uploads or reads back: Uint16Array holds raw f16/bf16 bits, BigInt64Array i64 elements. */
export type HostArray = Float32Array | Int32Array | Uint32Array | Uint16Array | BigInt64Array;
/** A host array to upload, or a buffer already on the device (the binding neither copies nor frees it). */
export type BindBuffer = HostArray | BufferHandle;

export type ElementPointerType = Exclude<PointerType, 'void*'>;
type HostCtor = Float32ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor | Uint16ArrayConstructor | BigInt64ArrayConstructor;

const ELEMENT: Readonly<Record<ElementPointerType, { readonly bytes: number; readonly ctor: HostCtor }>> = {
  'f32*': { bytes: 4, ctor: Float32Array },
  'f16*': { bytes: 2, ctor: Uint16Array },
  'bf16*': { bytes: 2, ctor: Uint16Array },
  'i32*': { bytes: 4, ctor: Int32Array },
  'u32*': { bytes: 4, ctor: Uint32Array },
  'i64*': { bytes: 8, ctor: BigInt64Array },
};

export function isPointerType(t: string): t is PointerType {
  return t.endsWith('*');
}

/** Bytes of one element of a pointer type. */
export function elementBytes(t: ElementPointerType): number {
  return ELEMENT[t].bytes;
}

/** The typed array a pointer type's elements download as (f16/bf16: raw bits in a Uint16Array). */
export function arrayCtorOf(t: ElementPointerType): HostCtor {
  return ELEMENT[t].ctor;
}

/** The call's draft length, which a draft-shaped buffer needs (the launch shape was checked against the entry first). */
function draftOf(shape: LaunchShape): number {
  if (shape.draft === undefined) throw new RangeError('a draft-shaped buffer needs the call\'s draft length (shape.draft)');
  return shape.draft;
}

/** Element count of a buffer of `shape` (`batch*n`: n uniforms per row); types.ts ParamShape says what each means. */
export function elementCount(param: Pick<KernelParam, 'shape'>, shape: LaunchShape, uniformsPerRow = 1): number {
  switch (param.shape) {
    case 'batch':
      return shape.batch;
    case 'batch*n':
      return shape.batch * uniformsPerRow;
    case 'inputBatch*vocab':
      return (shape.inputBatch ?? shape.batch) * shape.vocab;
    case 'batch*draft*vocab':
      return shape.batch * draftOf(shape) * shape.vocab;
    case 'batch*(draft+1)*vocab':
      return shape.batch * (draftOf(shape) + 1) * shape.vocab;
    case 'batch*draft':
      return shape.batch * draftOf(shape);
    case 'batch*(draft+1)':
      return shape.batch * (draftOf(shape) + 1);
    case 'batch*vocab':
    case undefined:
      return shape.batch * shape.vocab;
  }
}

/** "N elements (shape)", the wording of every length error. */
export function lengthText(param: Pick<KernelParam, 'shape'>, shape: LaunchShape): string {
  return `${elementCount(param, shape)} elements (${(param.shape ?? 'batch*vocab').replace(/\*/g, '·')})`;
}

export function isBufferHandle(v: unknown): v is BufferHandle {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'buffer';
}

/** One planned pointer argument (not the uniforms or the workspace, which call-plan.ts plans). */
export type PlannedPointer =
  | { readonly kind: 'upload'; readonly param: KernelParam; readonly data: HostArray }
  | { readonly kind: 'device'; readonly param: KernelParam; readonly handle: BufferHandle }
  | { readonly kind: 'alloc'; readonly param: KernelParam; readonly length: number; readonly bytes: number }
  | { readonly kind: 'null'; readonly param: KernelParam };

function hostForm(type: ElementPointerType): string {
  return type === 'f16*' || type === 'bf16*' ? 'Float32Array (encoded to ' + type.slice(0, -1) + ', round to nearest even) or Uint16Array of raw bits' : ELEMENT[type].ctor.name;
}

/** The host array to upload for `given` (already known to be an ArrayBuffer view), or a TypeError. */
function hostData(kernel: string, param: KernelParam & { type: ElementPointerType }, given: ArrayBufferView): HostArray {
  const element = elementTypeOf(param);
  if ((element === 'f16' || element === 'bf16') && given instanceof Float32Array) return encodeElements(element, given);
  if (given instanceof ELEMENT[param.type].ctor) return given as HostArray;
  throw new TypeError(`${kernel}: buffer '${param.name}' (${param.type}) must be a ${hostForm(param.type)}, got ${given.constructor.name}`);
}

/** Plans an in/out/inout/per-row pointer parameter. */
export function planPointer(kernel: string, param: KernelParam & { type: ElementPointerType }, given: unknown, shape: LaunchShape): PlannedPointer {
  const length = elementCount(param, shape);
  const bytes = length * ELEMENT[param.type].bytes;
  const lengthWords = lengthText(param, shape);
  if (param.role === 'out') {
    if (given !== undefined && given !== null) {
      throw new TypeError(`${kernel}: buffer '${param.name}' is an output; the binding allocates it (${lengthWords}), do not pass it`);
    }
    return { kind: 'alloc', param, length, bytes };
  }
  if (given === undefined || given === null) {
    if (param.role === 'per-row' && param.nullable === true) return { kind: 'null', param };
    const form = param.role === 'per-row' ? `a host ${hostForm(param.type)} of ${lengthWords} (not nullable)` : `a ${hostForm(param.type)} of ${lengthWords} or a device buffer`;
    throw new TypeError(`${kernel}: buffer '${param.name}' (${param.type}, ${param.role}) is required: ${form}`);
  }
  if (isBufferHandle(given)) {
    if (param.role === 'per-row') {
      throw new TypeError(`${kernel}: per-row buffer '${param.name}' must be a host ${hostForm(param.type)} (its values are range-checked before upload)`);
    }
    if (given.bytes < bytes) {
      throw new RangeError(`${kernel}: device buffer '${param.name}' holds ${given.bytes} bytes, needs ≥ ${bytes} (${lengthWords} × ${ELEMENT[param.type].bytes})`);
    }
    return { kind: 'device', param, handle: given };
  }
  if (!ArrayBuffer.isView(given)) throw new TypeError(`${kernel}: buffer '${param.name}' (${param.type}) must be a ${hostForm(param.type)}, got ${typeof given}`);
  const data = hostData(kernel, param, given);
  if (data.length !== length) {
    throw new RangeError(`${kernel}: buffer '${param.name}' must have ${lengthWords}, got ${data.length}`);
  }
  if (param.role === 'per-row') {
    const scalarType = param.type === 'f32*' ? 'f32' : param.type === 'i32*' ? 'i32' : 'u32';
    for (let row = 0; row < data.length; row++) checkScalar(kernel, param, scalarType, data[row], `per-row '${param.name}'[${row}]`);
  }
  return { kind: 'upload', param, data };
}

/** Bytes a pointer parameter puts on the device when the caller passes `given` (0 for a device buffer or null). */
export function plannedBytes(param: KernelParam & { type: ElementPointerType }, given: unknown, shape: LaunchShape, uniformsPerRow: number): number {
  const nullable = param.role === 'per-row' || param.role === 'indices';
  if (isBufferHandle(given) || (nullable && (given === undefined || given === null))) return 0;
  return elementCount(param, shape, uniformsPerRow) * ELEMENT[param.type].bytes;
}
