/**
 * Cross-check against a real GPU: golden/curand-philox.json holds raw outputs of cuRAND's Philox4_32_10 on an
 * H100 (generator: golden/curand-philox-golden.cu). cuRAND's curand_init / skipahead / skipahead_sequence use
 * the same key, counter and word-position conventions as rocRAND's philox4x32_10 engine, so the raw streams
 * must agree; the uniforms are rocRAND's fp32 expression evaluated by the device.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PhiloxEngine } from './engine.ts';
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
interface Golden {
  cases: GoldenCase[];
  uniforms: { v: number; fp32Bits: number }[];
}

const golden = JSON.parse(readFileSync(new URL('./golden/curand-philox.json', import.meta.url), 'utf8')) as Golden;

const fp32Bits = (x: number): number => new Uint32Array(Float32Array.of(x).buffer)[0] as number;

describe('PhiloxEngine vs cuRAND on a GPU', () => {
  it.each(golden.cases.map((c, i) => [i, c] as const))('case %i', (_, c) => {
    const e = new PhiloxEngine(BigInt(c.seed), BigInt(c.subsequence), BigInt(c.offset));
    for (let k = 0; k < c.drawsBeforeSkip; k++) e.nextUint32();
    if (BigInt(c.skip) !== 0n) e.discard(BigInt(c.skip));
    if (BigInt(c.skipSubsequence) !== 0n) e.discardSubsequence(BigInt(c.skipSubsequence));
    expect(Array.from({ length: c.outputs.length }, () => e.nextUint32())).toEqual(c.outputs);
  });
  it('uniformFromUint32 reproduces the device fp32 results bit for bit', () => {
    expect(golden.uniforms.length).toBeGreaterThan(10);
    for (const { v, fp32Bits: bits } of golden.uniforms) expect([v, fp32Bits(uniformFromUint32(v))]).toEqual([v, bits]);
  });
});
