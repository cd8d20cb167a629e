/**
 * What the worker does to a launch before the timed events: zero the requested buffers and raise a function's
 * dynamic shared memory limit when the launch needs more than the default.
 */
import { validateSharedBytes } from '../backends/kernel-args.ts';
import { DEFAULT_MAX_DYNAMIC_SHARED_BYTES, type Backend, type DevicePtr, type NativeHandle } from '../backends/types.ts';
import type { LaunchRequest } from './protocol.ts';

/** A loaded function and the dynamic shared memory it may use without another opt-in. */
export interface FunctionState {
  readonly handle: NativeHandle;
  maxDynamicSharedBytes: number;
}

export function functionState(handle: NativeHandle): FunctionState {
  return { handle, maxDynamicSharedBytes: DEFAULT_MAX_DYNAMIC_SHARED_BYTES };
}

/**
 * Above the default, raises the function's limit to `sharedBytes` (once per larger request, not per launch); a
 * request beyond the device's opt-in maximum is refused here, naming both numbers, before the driver sees it.
 */
export function optInSharedBytes(backend: Backend, fn: FunctionState, sharedBytes: number): void {
  validateSharedBytes(sharedBytes);
  if (sharedBytes <= fn.maxDynamicSharedBytes) return;
  const device = backend.deviceInfo();
  if (sharedBytes > device.maxSharedBytesPerBlockOptin) {
    throw new RangeError(
      `sharedBytes must be at most ${device.maxSharedBytesPerBlockOptin} on ${device.name} (its opt-in maximum per block), got ${sharedBytes}`,
    );
  }
  backend.setMaxDynamicSharedBytes(fn.handle, sharedBytes);
  fn.maxDynamicSharedBytes = sharedBytes;
}

/** The device ranges to zero, every one checked against its buffer before any is touched. */
export function zeroRanges(
  zeroBefore: LaunchRequest['zeroBefore'],
  buffer: (id: number) => { readonly ptr: DevicePtr; readonly bytes: number },
): { ptr: DevicePtr; bytes: number }[] {
  return zeroBefore.map((z, i) => {
    const b = buffer(z.bufferId);
    if (!Number.isSafeInteger(z.bytes) || z.bytes < 0 || z.bytes > b.bytes) {
      throw new RangeError(`zeroBefore[${i}].bytes must be an integer in [0, ${b.bytes}] (buffer #${z.bufferId}'s size), got ${z.bytes}`);
    }
    return { ptr: b.ptr, bytes: z.bytes };
  });
}
