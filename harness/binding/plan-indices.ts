/**
 * The `indices` argument of a call: output row i reads input row `indices[i]`, so the output batch (the launch's
 * `batch`) is the number of indices and the row inputs hold `inputBatch` rows. A host array is checked here, value
 * by value, against [0, inputBatch) before anything reaches the device; a device buffer cannot be read here, so
 * its values are the kernel's to check (docs/design.md: an out-of-range index makes that output row invalid).
 * A null pointer (a nullable indices parameter left out) means output row i reads input row i.
 */
import type { KernelParam, LaunchShape } from '../../src/manifest/types.ts';
import { isBufferHandle, type PlannedPointer } from './plan-buffers.ts';

/** Input rows of the call: `inputBatch`, or `batch` when the caller gave none. */
export function inputBatchOf(shape: LaunchShape): number {
  return shape.inputBatch ?? shape.batch;
}

function hostIndices(kernel: string, param: KernelParam, given: ArrayBufferView): Int32Array | BigInt64Array {
  if (param.type === 'i32*' && given instanceof Int32Array) return given;
  if (param.type === 'i64*' && given instanceof BigInt64Array) return given;
  throw new TypeError(`${kernel}: buffer '${param.name}' (${param.type}) must be ${param.type === 'i32*' ? 'an Int32Array' : 'a BigInt64Array'} of output-row indices, got ${given.constructor.name}`);
}

/** Every index in [0, inputBatch): a RangeError naming the first one outside. */
function checkRange(kernel: string, param: KernelParam, data: Int32Array | BigInt64Array, inputBatch: number): void {
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i] as number | bigint);
    if (!(v >= 0 && v < inputBatch)) {
      throw new RangeError(`${kernel}: ${param.name}[${i}] = ${String(data[i])} is outside [0, ${inputBatch - 1}] (inputBatch ${inputBatch} input rows)`);
    }
  }
}

/** Plans the indices parameter of a call (see the file comment). */
export function planIndices(kernel: string, param: KernelParam, given: unknown, shape: LaunchShape): PlannedPointer {
  const inputBatch = inputBatchOf(shape);
  if (given === undefined || given === null) {
    if (param.nullable !== true) throw new TypeError(`${kernel}: buffer '${param.name}' (${param.type}, indices) is required: the input row of each of the ${shape.batch} output rows`);
    if (inputBatch !== shape.batch) {
      throw new RangeError(`${kernel}: without '${param.name}', output row i reads input row i, so inputBatch (${inputBatch}) must equal batch (${shape.batch}); pass '${param.name}' to read other rows`);
    }
    return { kind: 'null', param };
  }
  const bytes = shape.batch * (param.type === 'i64*' ? 8 : 4);
  if (isBufferHandle(given)) {
    if (given.bytes < bytes) throw new RangeError(`${kernel}: device buffer '${param.name}' holds ${given.bytes} bytes, needs ≥ ${bytes} (${shape.batch} indices, one per output row)`);
    return { kind: 'device', param, handle: given };
  }
  if (!ArrayBuffer.isView(given)) throw new TypeError(`${kernel}: buffer '${param.name}' (${param.type}) must be a typed array of indices or a device buffer, got ${typeof given}`);
  const data = hostIndices(kernel, param, given);
  if (data.length !== shape.batch) {
    throw new RangeError(`${kernel}: buffer '${param.name}' must have one index per output row: ${shape.batch} (batch), got ${data.length}`);
  }
  checkRange(kernel, param, data, inputBatch);
  return { kind: 'upload', param, data };
}
