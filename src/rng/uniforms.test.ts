import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PhiloxEngine } from './engine.ts';
import { rowUniforms, uniformFromUint32 } from './uniforms.ts';

describe('uniformFromUint32', () => {
  it('rocRAND writes 2^-32 as 2.3283064e-10f, which is exactly 2^-32 in fp32', () => {
    expect(Math.fround(2.3283064e-10)).toBe(2 ** -32);
  });
  it('maps 0 to 2^-32 and 0xffffffff to exactly 1', () => {
    expect(uniformFromUint32(0)).toBe(2 ** -32);
    expect(uniformFromUint32(0xffffffff)).toBe(1);
  });
  it('rounds (float)v to nearest even before scaling', () => {
    // 2^24 + 1 is halfway between fp32 neighbours 2^24 and 2^24 + 2: ties to even give 2^24.
    expect(uniformFromUint32(2 ** 24 + 1)).toBe(Math.fround(2 ** -8 + 2 ** -32));
    // 0xffffff80 is halfway between 0xffffff00 and 2^32: ties to even give 2^32, hence u = 1 (fp32 add rounds).
    expect(uniformFromUint32(0xffffff80)).toBe(1);
  });
  it('is an fp32 value in (0, 1], never 0, and monotone', () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(u32, u32, (a, b) => {
        const ua = uniformFromUint32(a);
        expect(ua).toBeGreaterThan(0);
        expect(ua).toBeLessThanOrEqual(1);
        expect(Math.fround(ua)).toBe(ua);
        if (a <= b) expect(ua).toBeLessThanOrEqual(uniformFromUint32(b));
      }),
      { seed: 21, numRuns: 2000 },
    );
  });
  it('rejects values outside uint32', () => {
    expect(() => uniformFromUint32(-1)).toThrow(/v must be an integer in \[0, 2\^32 - 1\]/);
    expect(() => uniformFromUint32(2 ** 32)).toThrow(RangeError);
    expect(() => uniformFromUint32(1.5)).toThrow(RangeError);
  });
});

describe('rowUniforms', () => {
  it('row r is the first uniform of engine (seed, r, offset)', () => {
    const seed = 0x1234_5678_9abc_def0n;
    const got = rowUniforms(seed, 7n, 5);
    expect(got).toHaveLength(5);
    for (let r = 0; r < 5; r++) {
      const e = new PhiloxEngine(seed, BigInt(r), 7n);
      expect(got[r]).toBe(uniformFromUint32(e.nextUint32()));
    }
  });
  it('advancing offset by 1 gives each row its second output', () => {
    const a = rowUniforms(99n, 0n, 8);
    const b = rowUniforms(99n, 1n, 8);
    for (let r = 0; r < 8; r++) {
      const e = new PhiloxEngine(99n, BigInt(r));
      expect([a[r], b[r]]).toEqual([e.nextUniform(), e.nextUniform()]);
    }
  });
  it('rejects bad seed, offset and batch', () => {
    expect(() => rowUniforms(-1n, 0n, 1)).toThrow(/seed/);
    expect(() => rowUniforms(0n, 1n << 64n, 1)).toThrow(/offset/);
    expect(() => rowUniforms(0n, 0n, -1)).toThrow(/batch must be an integer/);
    expect(() => rowUniforms(0n, 0n, 1.5)).toThrow(RangeError);
  });
});
