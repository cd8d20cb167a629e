import { describe, expect, it } from 'vitest';
import { marshalKernelParams, readNative } from './marshal.ts';
import type { KernelArg } from './types.ts';

function bytesOf(write: (v: DataView) => void, width: number): number[] {
  const dv = new DataView(new ArrayBuffer(width));
  write(dv);
  return [...new Uint8Array(dv.buffer)];
}

describe('marshalKernelParams', () => {
  it('writes one slot per argument at its exact width and a void* table pointing at them', () => {
    const args: KernelArg[] = [
      { type: 'ptr', buffer: 0x7f00_1234_5678n },
      { type: 'i32', value: -5 },
      { type: 'u32', value: 0xfffffffe },
      { type: 'f32', value: 0.1 },
      { type: 'u64', value: 0xdead_beef_cafe_f00dn },
      { type: 'i64', value: -2n },
      { type: 'f32', value: Number.NaN },
    ];
    const expected: number[][] = [
      bytesOf((v) => v.setBigUint64(0, 0x7f00_1234_5678n, true), 8),
      bytesOf((v) => v.setInt32(0, -5, true), 4),
      bytesOf((v) => v.setUint32(0, 0xfffffffe, true), 4),
      bytesOf((v) => v.setFloat32(0, 0.1, true), 4),
      bytesOf((v) => v.setBigUint64(0, 0xdead_beef_cafe_f00dn, true), 8),
      bytesOf((v) => v.setBigInt64(0, -2n, true), 8),
      bytesOf((v) => v.setFloat32(0, Number.NaN, true), 4),
    ];
    const m = marshalKernelParams(args);
    try {
      const table = new DataView(readNative(m.pointer, args.length * 8).buffer);
      args.forEach((_, i) => {
        const slot = table.getBigUint64(i * 8, true);
        expect(slot).toBe(m.slots[i]);
        const want = expected[i] as number[];
        expect([...readNative(slot, want.length)]).toEqual(want);
      });
      // Slots are distinct and 8-byte aligned: no argument shares or straddles another's storage.
      expect(new Set(m.slots).size).toBe(args.length);
      for (const s of m.slots) expect(s % 8n).toBe(0n);
    } finally {
      m.release();
    }
  });

  it('passes a NULL table for a kernel without arguments', () => {
    const m = marshalKernelParams([]);
    expect(m.pointer).toBe(0n);
    m.release();
  });

  it.each([
    [{ type: 'i32', value: 2 ** 31 } as KernelArg, RangeError, /args\[0\]\.value must be an integer in \[-2147483648, 2147483647\]/],
    [{ type: 'i32', value: 1.5 } as KernelArg, RangeError, /integer/],
    [{ type: 'u32', value: -1 } as KernelArg, RangeError, /\[0, 4294967295\]/],
    [{ type: 'u64', value: 1n << 64n } as KernelArg, RangeError, /args\[0\]\.value must be in \[0, 18446744073709551615\]/],
    [{ type: 'i64', value: 1n << 63n } as KernelArg, RangeError, /i64/],
    [{ type: 'u64', value: 3 } as unknown as KernelArg, TypeError, /must be a bigint/],
    [{ type: 'ptr', buffer: -1n } as KernelArg, RangeError, /args\[0\]\.buffer/],
    [{ type: 'f32', value: '1' } as unknown as KernelArg, TypeError, /must be a number/],
    [{ type: 'f16', value: 1 } as unknown as KernelArg, TypeError, /args\[0\]\.type must be one of/],
  ])('rejects %o', (arg, ctor, message) => {
    expect(() => marshalKernelParams([arg])).toThrow(ctor);
    expect(() => marshalKernelParams([arg])).toThrow(message);
  });
});
