import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bf16Bits, bf16Value, encodeElements, f16Bits, f16Value, widenedRows, widenElements } from './elements.ts';
import type { KernelParam } from './types.ts';

const bitsOf = (x: number): number => new Uint32Array(Float32Array.of(x).buffer)[0] as number;
const fromBits = (b: number): number => new Float32Array(Uint32Array.of(b >>> 0).buffer)[0] as number;

/** Every finite non-negative f16 value, ascending (index = bit pattern), decoded by the textbook formula. */
const F16_POS = Array.from({ length: 0x7c00 }, (_, h) => (h < 0x400 ? h * 2 ** -24 : (1 + (h & 0x3ff) / 1024) * 2 ** ((h >> 10) - 15)));

/** Reference RNE to f16 by search over all finite values: the nearest, ties to the even pattern; beyond → inf. */
function nearestF16(x: number): number {
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  const max = F16_POS[0x7bff] as number;
  // values at or above max + half an ulp (2^15 · (2 − 2^-11)) round to inf
  if (a >= max + 2 ** 4) return sign | 0x7c00;
  let lo = 0;
  let hi = 0x7bff;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((F16_POS[mid] as number) <= a) lo = mid;
    else hi = mid - 1;
  }
  if (lo === 0x7bff) return sign | lo;
  const below = F16_POS[lo] as number;
  const above = F16_POS[lo + 1] as number;
  const d = a - below - (above - a);
  return sign | (d < 0 ? lo : d > 0 ? lo + 1 : lo % 2 === 0 ? lo : lo + 1);
}

/** Reference RNE to bf16: the nearer of the two bf16 neighbours by float64 distance, ties to the even pattern. */
function nearestBf16(x: number): number {
  const b = bitsOf(x);
  const down = b & 0xffff0000;
  const up = (down + 0x10000) >>> 0;
  const dDown = Math.abs(x - fromBits(down));
  // past the largest finite bf16 the next step is inf, which IEEE rounding places at 2^128 (unbounded exponent)
  const upValue = (up & 0x7fffffff) === 0x7f800000 ? Math.sign(x) * 2 ** 128 : fromBits(up);
  const dUp = Math.abs(upValue - x);
  const pick = dDown < dUp ? down : dUp < dDown ? up : (down >>> 16) % 2 === 0 ? down : up;
  return pick >>> 16;
}

const f32Arb = fc.float({ noNaN: true });

describe('f16 encoding', () => {
  it('round-trips every non-NaN bit pattern exactly (decode then encode)', () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0) continue;
      expect(f16Bits(f16Value(h))).toBe(h);
    }
  });
  it('decodes by the IEEE formula', () => {
    expect([f16Value(0x3c00), f16Value(0xc000), f16Value(0x0001), f16Value(0x7bff), f16Value(0x7c00), f16Value(0x8000)]).toEqual([1, -2, 2 ** -24, 65504, Infinity, -0]);
  });
  it('rounds every fp32 value to the nearest f16, ties to even (against a search over all f16 values)', () => {
    fc.assert(fc.property(f32Arb, (x) => f16Bits(x) === nearestF16(x)), { seed: 21, numRuns: 20000 });
    // midpoints and their neighbours, where ties to even decide
    for (let h = 0; h < 0x7bff; h += 7) {
      const mid = ((F16_POS[h] as number) + (F16_POS[h + 1] as number)) / 2;
      for (const x of [mid, fromBits(bitsOf(mid) - 1), fromBits(bitsOf(mid) + 1)]) expect(f16Bits(x)).toBe(nearestF16(x));
    }
  });
  it('overflows to inf at 65520 and keeps NaN a NaN', () => {
    expect([f16Bits(65519.99), f16Bits(65520), f16Bits(-1e30)]).toEqual([0x7bff, 0x7c00, 0xfc00]);
    expect(Number.isNaN(f16Value(f16Bits(Number.NaN)))).toBe(true);
    expect(f16Bits(2 ** -25)).toBe(0); // exactly half the smallest subnormal: ties to even (0)
    expect(f16Bits(2 ** -25 * 1.5)).toBe(1);
  });
});

describe('bf16 encoding', () => {
  it('round-trips every non-NaN bit pattern exactly', () => {
    for (let b = 0; b < 0x10000; b++) {
      if ((b & 0x7f80) === 0x7f80 && (b & 0x7f) !== 0) continue;
      expect(bf16Bits(bf16Value(b))).toBe(b);
    }
  });
  it('rounds every fp32 value to the nearest bf16, ties to even', () => {
    fc.assert(fc.property(f32Arb, (x) => bf16Bits(x) === nearestBf16(x)), { seed: 22, numRuns: 20000 });
    expect(bf16Bits(fromBits(0x3f808000))).toBe(0x3f80); // tie, even below
    expect(bf16Bits(fromBits(0x3f818000))).toBe(0x3f82); // tie, even above
    expect(bf16Bits(fromBits(0x7f7fffff))).toBe(0x7f80); // rounds to inf
    expect(Number.isNaN(bf16Value(bf16Bits(fromBits(0x7f800001))))).toBe(true); // a NaN whose upper half is inf's stays NaN
  });
});

describe('widenedRows', () => {
  const entry = (type: string) => ({
    name: 'k',
    params: [{ name: 'x', type, role: 'in', shape: 'batch*vocab' } as KernelParam, { name: 'y', type: 'i32*', role: 'in', shape: 'batch' } as KernelParam],
  });
  const rows = { data: Float32Array.of(0.1, 1 / 3, 65520, -2.5e-8), batch: 2, vocab: 2 };
  it('gives the values the kernel reads: rounded to f16/bf16 and widened exactly; f32 rows unchanged', () => {
    expect(widenedRows(entry('f32*'), rows).data).toBe(rows.data);
    const f16 = widenedRows(entry('f16*'), rows).data;
    expect([...f16]).toEqual([...rows.data].map((x) => f16Value(f16Bits(x))));
    expect(f16[2]).toBe(Infinity);
    expect([...widenedRows(entry('bf16*'), rows).data]).toEqual([...widenElements('bf16', encodeElements('bf16', rows.data))]);
    expect(widenedRows(entry('bf16*'), { data: Uint16Array.of(0x3f80, 0xbf80), batch: 1, vocab: 2 }).data).toEqual(Float32Array.of(1, -1));
  });
  it('rejects raw bits for an f32 input and a parameter that is not a row buffer', () => {
    expect(() => widenedRows(entry('f32*'), { data: new Uint16Array(4), batch: 2, vocab: 2 })).toThrow(/'x' is f32\*; raw 16-bit patterns apply only/);
    expect(() => widenedRows(entry('f16*'), rows, 'y')).toThrow(/'y' is not a row buffer of f32, f16 or bf16/);
  });
});
