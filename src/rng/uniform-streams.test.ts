import { describe, expect, it } from 'vitest';
import { PhiloxEngine } from './engine.ts';
import { rowUniforms, rowUniformStreams } from './uniforms.ts';

describe('rowUniformStreams: n uniforms per row (philox-replay with uniformsPerRow n)', () => {
  it('row r, uniform k is the first output of (seed, r, offset + k), row-major', () => {
    const seed = 0x1234_5678_9abc_def0n;
    const u = rowUniformStreams(seed, 6n, 3, 5);
    expect(u.length).toBe(15);
    for (let r = 0; r < 3; r++) {
      for (let k = 0; k < 5; k++) expect(u[r * 5 + k], `row ${r} k ${k}`).toBe(new PhiloxEngine(seed, BigInt(r), 6n + BigInt(k)).nextUniform());
    }
  });
  it('with one per row is rowUniforms', () => {
    expect(rowUniformStreams(7n, 3n, 9, 1)).toEqual(rowUniforms(7n, 3n, 9));
  });
  it('wraps the offset modulo 2^64 as the kernels do', () => {
    const top = (1n << 64n) - 2n;
    const u = rowUniformStreams(5n, top, 2, 4);
    const want = [top, top + 1n, 0n, 1n].map((o) => new PhiloxEngine(5n, 1n, o).nextUniform());
    expect([...u.subarray(4, 8)]).toEqual(want);
  });
  it('rejects bad arguments with the allowed range', () => {
    expect(() => rowUniformStreams(1n, 0n, 2, 0)).toThrow(/perRow must be an integer in \[1, 2\^20\], got 0/);
    expect(() => rowUniformStreams(1n, 0n, -1, 2)).toThrow(/batch must be an integer/);
    expect(() => rowUniformStreams(-1n, 0n, 1, 2)).toThrow(/seed/);
  });
});
