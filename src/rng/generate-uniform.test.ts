/**
 * generateUniform against what pins it, strongest first:
 * 1. the engine and the fp32 conversion are golden-tested on a GPU (golden.test.ts); here the cuRAND golden
 *    cases of subsequence 0 — the stream rocRAND's generator uses — fix the first uniforms for rocRAND's default
 *    seed 0xdeadbeefdeadbeef, for seed 0 and for an offset of 2^64 − 4;
 * 2. an independent BigInt model of the stream (counter = offset + j, word (offset + j) mod 4, subsequence 0);
 * 3. a simulation of rocRAND's generate kernel layout (threads, leaps, unaligned head, tail; read from
 *    ROCm/rocRAND library/src/rng/philox4x32_10.hpp, generate_philox) for several grids and alignments: the output
 *    does not depend on them;
 * 4. the two properties rocRAND's own generator tests assert (test_rocrand_prng.hpp): offsets_test (offset o equals
 *    skipping o values of offset 0) and continuity_test (consecutive calls form one sequence).
 * Not pinned: an output of rocrand_generate_uniform itself captured on an AMD GPU.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhiloxEngine } from './engine.ts';
import { generateUniform, RocrandPhiloxGenerator, ROCRAND_PHILOX_DEFAULT_SEED } from './generate-uniform.ts';
import { philox4x32_10 } from './philox.ts';
import { uniformFromUint32 } from './uniforms.ts';

interface GoldenCase {
  seed: string;
  subsequence: string;
  offset: string;
  drawsBeforeSkip: number;
  skip: string;
  skipSubsequence: string;
  outputs: number[];
}
const golden = JSON.parse(readFileSync(new URL('./golden/curand-philox.json', import.meta.url), 'utf8')) as { cases: GoldenCase[] };
const U64 = (1n << 64n) - 1n;

/** Output `position` of stream (seed, subsequence 0), from the block function alone. */
function modelUniform(seed: bigint, position: bigint): number {
  const ctr = position / 4n;
  const words = [0n, 32n, 64n, 96n].map((s) => Number((ctr >> s) & 0xffffffffn)) as [number, number, number, number];
  const key: [number, number] = [Number(seed & 0xffffffffn), Number(seed >> 32n)];
  return uniformFromUint32(philox4x32_10(words, key)[Number(position % 4n)] as number);
}

/**
 * rocRAND's generate_philox for fp32 uniforms (input_width 1, output_width 1, 4 values per thread step), one engine
 * copy per thread. `misalignment` is how many floats the output pointer lies past a 16-byte boundary's complement.
 */
function simulateGenerateKernel(seed: bigint, offset: bigint, n: number, grid: number, block: number, misalignment: number): Float32Array {
  const data = new Float32Array(n).fill(Number.NaN);
  const writes = new Uint8Array(n);
  const put = (i: number, u: number): void => {
    data[i] = u;
    writes[i] = (writes[i] as number) + 1;
  };
  const stride = grid * block;
  const head = Math.min(n, misalignment);
  const tail = (n - head) % 4;
  const vecN = Math.floor((n - head) / 4);
  for (let t = 0; t < stride; t++) {
    const engine = new PhiloxEngine(seed, 0n, offset);
    engine.discard(BigInt(4 * t + (t === 0 ? 0 : head)));
    if (t === 0) for (let s = 0; s < head; s++) put(s, engine.nextUniform());
    let index = t;
    for (; index < vecN; index += stride) {
      for (let k = 0; k < 4; k++) put(misalignment + 4 * index + k, engine.nextUniform());
      engine.discard(4n * BigInt(stride - 1)); // next4_leap(stride): the counter moves `stride` blocks in all
    }
    if (index === vecN) for (let s = 0; s < tail; s++) put(n - tail + s, engine.nextUniform());
  }
  expect(writes.every((w) => w === 1), 'every element written exactly once').toBe(true);
  return data;
}

describe('generateUniform: rocrand_generate_uniform on PHILOX4_32_10', () => {
  it('starts with the GPU golden stream of subsequence 0 (default seed, seed 0, offset 2^64 - 4)', () => {
    const sub0 = golden.cases.filter((c) => c.subsequence === '0' && c.drawsBeforeSkip === 0 && c.skip === '0' && c.skipSubsequence === '0');
    expect(sub0.map((c) => [c.seed, c.offset])).toEqual([
      ['0', '0'],
      [String(ROCRAND_PHILOX_DEFAULT_SEED), '0'],
      [String(U64), '18446744073709551612'],
    ]);
    for (const c of sub0) {
      expect([...generateUniform(BigInt(c.seed), BigInt(c.offset), c.outputs.length)]).toEqual(c.outputs.map(uniformFromUint32));
    }
  });

  it('is output offset + j of the single stream (seed, subsequence 0), by an independent block-function model', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: U64 }), fc.oneof(fc.bigInt({ min: 0n, max: 5000n }), fc.bigInt({ min: U64 - 40n, max: U64 })), fc.integer({ min: 0, max: 23 }), (seed, offset, n) => {
        const want = Array.from({ length: n }, (_, j) => modelUniform(seed, offset + BigInt(j)));
        expect([...generateUniform(seed, offset, n)]).toEqual(want);
      }),
      { seed: 31, numRuns: 150 },
    );
  });

  it.each([
    [1, 1, 0, 13],
    [1, 4, 0, 37],
    [2, 3, 1, 50],
    [3, 2, 2, 23],
    [2, 8, 3, 129],
    [1, 2, 3, 2],
    [4, 4, 2, 7],
  ])('does not depend on the generate kernel layout: grid %i × block %i, pointer %i floats off alignment, n %i', (grid, block, mis, n) => {
    for (const offset of [0n, 1n, 6n, 1001n]) {
      expect([...simulateGenerateKernel(0x1234n, offset, n, grid, block, mis)]).toEqual([...generateUniform(0x1234n, offset, n)]);
    }
  });

  it('has rocRAND offsets_test semantics: offset o is offset 0 with the first o values skipped', () => {
    for (const offset of [0, 1, 4, 11, 65, 1122]) {
      const skipped = generateUniform(42n, 0n, 300 + offset).subarray(offset);
      expect([...generateUniform(42n, BigInt(offset), 300)]).toEqual([...skipped]);
    }
  });

  it('has rocRAND continuity_test semantics: consecutive calls on one generator form one sequence', () => {
    const sizes0 = [100, 1, 24, 3, 2, 77];
    const sizes1 = [10, 55, 6, 130];
    const run = (sizes: number[]): number[] => {
      const g = new RocrandPhiloxGenerator(7n, 5n);
      return sizes.flatMap((s) => [...g.generateUniform(s)]);
    };
    const a = run(sizes0);
    const b = run(sizes1);
    expect(a.slice(0, 201)).toEqual(b.slice(0, 201));
    expect(a).toEqual([...generateUniform(7n, 5n, 207)]);
    const g = new RocrandPhiloxGenerator();
    g.generateUniform(10);
    expect([g.seed, g.position]).toEqual([ROCRAND_PHILOX_DEFAULT_SEED, 10n]);
  });

  it('continues past output 2^64 - 1 into the counter, as the engine does', () => {
    const g = new RocrandPhiloxGenerator(3n, U64 - 1n);
    expect([...g.generateUniform(4)]).toEqual([0n, 1n, 2n, 3n].map((j) => modelUniform(3n, U64 - 1n + j)));
    expect(g.position).toBe(U64 + 3n);
  });

  it('differs from the per-row stream the philox-replay kernels use (subsequence = row)', () => {
    const u = generateUniform(9n, 0n, 3);
    const perRow = [0n, 1n, 2n].map((r) => new PhiloxEngine(9n, r, 0n).nextUniform());
    expect(u[0]).toBe(perRow[0]);
    expect([u[1], u[2]]).not.toEqual(perRow.slice(1));
  });

  it('rejects bad arguments, naming them', () => {
    expect(() => generateUniform(-1n, 0n, 1)).toThrow(/seed must be in \[0, 2\^64\)/);
    expect(() => generateUniform(0n, 1n << 64n, 1)).toThrow(/offset/);
    expect(() => generateUniform(0n, 0n, 1.5)).toThrow(/n must be an integer in \[0, 4294967295\], got 1.5/);
    expect(() => generateUniform(0 as unknown as bigint, 0n, 1)).toThrow(TypeError);
    expect(generateUniform(0n, 0n, 0)).toEqual(new Float32Array(0));
  });
});
