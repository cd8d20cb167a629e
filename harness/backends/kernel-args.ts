/**
 * Validation of kernel arguments and launch dimensions, shared by every backend so that a bad value is a clear
 * host-side error instead of a silently truncated slot or a driver failure.
 */
import { MAX_BLOCK, MAX_GRID } from '../../src/limits.ts';
import type { Dim3, KernelArg, KernelLaunch } from './types.ts';

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** Byte width of an argument's slot in kernelParams. */
export function argWidth(arg: KernelArg): 4 | 8 {
  return arg.type === 'i32' || arg.type === 'u32' || arg.type === 'f32' ? 4 : 8;
}

export function validateKernelArg(arg: KernelArg, index: number): void {
  const where = `args[${index}]`;
  switch (arg.type) {
    case 'i32':
    case 'u32':
    case 'f32': {
      if (typeof arg.value !== 'number') {
        throw new TypeError(`${where}.value must be a number for type '${arg.type}', got ${typeof arg.value}`);
      }
      if (arg.type === 'f32') return; // NaN and ±inf are legitimate fp32 inputs (invalid-row tests pass them)
      const [lo, hi] = arg.type === 'i32' ? [-(2 ** 31), 2 ** 31 - 1] : [0, 2 ** 32 - 1];
      if (!Number.isInteger(arg.value) || arg.value < lo || arg.value > hi) {
        throw new RangeError(`${where}.value must be an integer in [${lo}, ${hi}] for type '${arg.type}', got ${arg.value}`);
      }
      return;
    }
    case 'u64':
    case 'i64':
    case 'ptr': {
      const v = arg.type === 'ptr' ? arg.buffer : arg.value;
      const field = arg.type === 'ptr' ? 'buffer' : 'value';
      if (typeof v !== 'bigint') {
        throw new TypeError(`${where}.${field} must be a bigint for type '${arg.type}', got ${typeof v}`);
      }
      const [lo, hi] = arg.type === 'i64' ? [I64_MIN, I64_MAX] : [0n, U64_MAX];
      if (v < lo || v > hi) {
        throw new RangeError(`${where}.${field} must be in [${lo}, ${hi}] for type '${arg.type}', got ${v}`);
      }
      return;
    }
    default: {
      const t: unknown = (arg as { type?: unknown }).type;
      throw new TypeError(`${where}.type must be one of ptr, i32, u32, f32, u64, i64; got ${String(t)}`);
    }
  }
}

/** The hardware limits every target shares: grid x ≤ MAX_GRID, y,z ≤ 65535; block ≤ MAX_BLOCK threads. */
export function validateDim3(name: 'grid' | 'block', d: Dim3): void {
  const limits = name === 'grid' ? [MAX_GRID, 65535, 65535] : [MAX_BLOCK, MAX_BLOCK, 64];
  (['x', 'y', 'z'] as const).forEach((axis, i) => {
    const v = d?.[axis];
    const max = limits[i] as number;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
      throw new RangeError(`${name}.${axis} must be an integer in [1, ${max}], got ${String(v)}`);
    }
  });
  if (name === 'block' && d.x * d.y * d.z > MAX_BLOCK) {
    throw new RangeError(`block.x*y*z must be ≤ ${MAX_BLOCK} threads, got ${d.x * d.y * d.z}`);
  }
}

export function validateSharedBytes(sharedBytes: number): void {
  if (!Number.isInteger(sharedBytes) || sharedBytes < 0 || sharedBytes > 2 ** 31 - 1) {
    throw new RangeError(`sharedBytes must be an integer in [0, 2147483647], got ${sharedBytes}`);
  }
}

/** Every backend checks a launch's geometry and flags the same way before any driver call. */
export function validateLaunch(launch: KernelLaunch): void {
  validateDim3('grid', launch.grid);
  validateDim3('block', launch.block);
  validateSharedBytes(launch.sharedBytes);
  if (typeof launch.cooperative !== 'boolean') {
    throw new TypeError(`cooperative must be a boolean, got ${typeof launch.cooperative}`);
  }
}

/** A memset's byte value and length: what the driver's 8-bit memset accepts. */
export function validateMemset(value: number, bytes: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 255) {
    throw new RangeError(`memset value must be an integer in [0, 255], got ${value}`);
  }
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`memset bytes must be a non-negative integer, got ${bytes}`);
}
