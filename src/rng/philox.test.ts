import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mulhi32, philox4x32_10 } from './philox.ts';

const hex = (words: readonly number[]): string[] => words.map((w) => w.toString(16).padStart(8, '0'));

describe('philox4x32_10', () => {
  // Known answers from Random123's kat_vectors (philox4x32 10 rounds).
  it('matches the Random123 known answer for zero counter and key', () => {
    expect(hex(philox4x32_10([0, 0, 0, 0], [0, 0]))).toEqual(['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
  });
  it('matches the Random123 known answer for all-ones counter and key', () => {
    const ones = 0xffffffff;
    expect(hex(philox4x32_10([ones, ones, ones, ones], [ones, ones]))).toEqual([
      '408f276d',
      '41c83b0e',
      'a20bc7c6',
      '6d5451fd',
    ]);
  });
  it('matches the Random123 known answer for the pi-digits counter and key', () => {
    expect(
      hex(philox4x32_10([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0])),
    ).toEqual(['d16cfe09', '94fdcceb', '5001e420', '24126ea1']);
  });
  it('rejects words outside uint32 and wrong lengths', () => {
    expect(() => philox4x32_10([0, 0, 0, -1], [0, 0])).toThrow(RangeError);
    expect(() => philox4x32_10([0, 0, 0, 2 ** 32], [0, 0])).toThrow(/ctr\[3\]/);
    expect(() => philox4x32_10([0, 0, 0, 0.5], [0, 0])).toThrow(RangeError);
    expect(() => philox4x32_10([0, 0, 0, 0], [0, NaN])).toThrow(/key\[1\]/);
    expect(() => philox4x32_10([0, 0, 0] as unknown as [number, number, number, number], [0, 0])).toThrow(TypeError);
  });
});

describe('mulhi32', () => {
  it('equals the BigInt high word for arbitrary uint32 pairs', () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(u32, u32, (a, b) => mulhi32(a, b) === Number((BigInt(a) * BigInt(b)) >> 32n)),
      { seed: 7, numRuns: 2000 },
    );
    expect(mulhi32(0xffffffff, 0xffffffff)).toBe(0xfffffffe);
  });
});
