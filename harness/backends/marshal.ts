/**
 * Builds the `void** kernelParams` array of cuLaunchKernel / hipModuleLaunchKernel in native memory:
 * one pointer per argument, each pointing at its own slot holding the value at the argument's exact width.
 * The driver copies the values during the launch call, so the block may be released right after it returns.
 */
import koffi from 'koffi';
import { argWidth, validateKernelArg } from './kernel-args.ts';
import type { KernelArg } from './types.ts';

export interface MarshalledParams {
  /** Address of the void* array, or 0n when there are no arguments (a NULL kernelParams is allowed). */
  readonly pointer: bigint;
  /** Address of each argument's slot, in argument order (what the void* array holds). */
  readonly slots: readonly bigint[];
  release(): void;
}

const SLOT_ALIGN = 8;

export function marshalKernelParams(args: readonly KernelArg[]): MarshalledParams {
  if (!Array.isArray(args)) throw new TypeError(`args must be an array of kernel arguments`);
  args.forEach(validateKernelArg);
  if (args.length === 0) return { pointer: 0n, slots: [], release: () => {} };

  const tableBytes = args.length * 8;
  const slotOffsets: number[] = [];
  let end = tableBytes;
  for (const arg of args) {
    slotOffsets.push(end);
    end += Math.max(argWidth(arg), SLOT_ALIGN);
  }
  const block = koffi.alloc('uint8_t', end) as bigint;
  const slots: bigint[] = [];
  args.forEach((arg, i) => {
    const off = slotOffsets[i] as number;
    switch (arg.type) {
      case 'i32': koffi.encode(block, off, 'int32_t', arg.value); break;
      case 'u32': koffi.encode(block, off, 'uint32_t', arg.value); break;
      case 'f32': koffi.encode(block, off, 'float', arg.value); break;
      case 'i64': koffi.encode(block, off, 'int64_t', arg.value); break;
      case 'u64': koffi.encode(block, off, 'uint64_t', arg.value); break;
      case 'ptr': koffi.encode(block, off, 'uint64_t', arg.buffer); break;
    }
    const slot = block + BigInt(off);
    koffi.encode(block, i * 8, 'uint64_t', slot);
    slots.push(slot);
  });
  let released = false;
  return {
    pointer: block,
    slots,
    release: () => {
      if (released) return;
      released = true;
      koffi.free(block);
    },
  };
}

/** Reads `bytes` bytes at a native address (used to check what a marshalled slot holds). */
export function readNative(address: bigint, bytes: number): Uint8Array {
  return new Uint8Array(koffi.view(address, bytes).slice(0));
}
