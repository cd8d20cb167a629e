/** Exact normalization in the kernel's element type (rows for kernels that assume normalized input). */
import { describe, expect, it } from 'vitest';
import { bf16Bits, bf16Value, f16Bits, f16Value, type ElementType } from '../../src/manifest/index.ts';
import { probRowTotal } from '../../src/reference/prob-row.ts';
import { floorRepresentable, normalizeRowExactly, normalizeRowsExactly } from './sampling-normalize.ts';
import { distinctRows } from './sampling-inputs.ts';
import { nucleusBoundaryRows, tailBelowFp32ResolutionRow } from './edge-rows.ts';

const roundTrip: Readonly<Record<ElementType, (x: number) => number>> = {
  f32: (x) => Math.fround(x),
  f16: (x) => f16Value(f16Bits(x)),
  bf16: (x) => bf16Value(bf16Bits(x)),
};
const TYPES: readonly ElementType[] = ['f32', 'f16', 'bf16'];

function expectExactlyNormalized(row: Float32Array, type: ElementType): void {
  expect(probRowTotal(row)).toBe(2 ** 32);
  let sum = 0;
  for (const x of row) sum += x;
  expect(sum).toBe(1);
  const unrepresentable = Array.from(row).findIndex((x) => roundTrip[type](x) !== x);
  expect(unrepresentable, `entry ${unrepresentable} is not a ${type} value`).toBe(-1);
}

describe('floorRepresentable', () => {
  it('keeps the format significand and rounds down', () => {
    expect(floorRepresentable(0, 'bf16')).toBe(0);
    expect(floorRepresentable(255, 'bf16')).toBe(255);
    expect(floorRepresentable(257, 'bf16')).toBe(256);
    expect(floorRepresentable(2 ** 32, 'bf16')).toBe(2 ** 32);
    expect(floorRepresentable(2 ** 32 - 1, 'bf16')).toBe(2 ** 32 - 2 ** 24);
    expect(floorRepresentable(2 ** 24 + 1, 'f32')).toBe(2 ** 24);
    // f16 subnormals are 2^-24 = 256 units apart
    expect(floorRepresentable(300, 'f16')).toBe(256);
    expect(floorRepresentable(255, 'f16')).toBe(0);
  });
});

describe('normalizeRowExactly', () => {
  it.each(TYPES)('LLM-shaped rows sum to exactly 1 in %s and stay close to the input', (type) => {
    for (const vocab of [1000, 151936]) {
      const rows = distinctRows('probs', 2, vocab, `normalize-${type}`);
      const out = normalizeRowsExactly(rows, type);
      for (let r = 0; r < rows.batch; r++) {
        const got = out.data.subarray(r * vocab, (r + 1) * vocab);
        expectExactlyNormalized(got, type);
        const want = rows.data.subarray(r * vocab, (r + 1) * vocab);
        // the head keeps its value up to the format's rounding
        let top = 0;
        for (let i = 1; i < vocab; i++) if ((want[i] as number) > (want[top] as number)) top = i;
        expect(Math.abs((got[top] as number) - (want[top] as number))).toBeLessThan((want[top] as number) * 2 ** -6);
      }
    }
  });

  it.each(TYPES)('short rows without small entries (coarse fallback) and edge rows in %s', (type) => {
    for (const row of [Float32Array.of(0.1, 0.2, 0.3, 0.4), Float32Array.of(1 / 3, 1 / 3, 1 / 3), ...nucleusBoundaryRows(), tailBelowFp32ResolutionRow(), Float32Array.of(1)]) {
      const got = normalizeRowExactly(row, type);
      expect(got).not.toBeNull();
      expectExactlyNormalized(got as Float32Array, type);
    }
  });

  it('leaves invalid rows alone and returns null for them', () => {
    expect(normalizeRowExactly(Float32Array.of(0, 0), 'bf16')).toBeNull();
    expect(normalizeRowExactly(Float32Array.of(0.5, NaN), 'f32')).toBeNull();
    const rows = { data: Float32Array.of(0.5, NaN, 0.25, 0.25), batch: 2, vocab: 2 };
    const out = normalizeRowsExactly(rows, 'f32');
    expect(Array.from(out.data.subarray(0, 2))).toEqual([0.5, NaN]);
    expect(Array.from(out.data.subarray(2))).toEqual([0.5, 0.5]);
  });
});
