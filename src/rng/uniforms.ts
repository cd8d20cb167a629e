/** The uniforms the sampling kernels consume (docs/design.md, "Randomness"). */
import { PhiloxEngine, assertUint64, uniformFromUint32Unchecked } from './engine.ts';

/** rocRAND's fp32 uniform for one raw output `v` ∈ [0, 2^32): in (0, 1], 2^-32 for 0 and 1 for 0xffffffff. */
export function uniformFromUint32(v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new RangeError(`v must be an integer in [0, 2^32 - 1], got ${String(v)}`);
  }
  return uniformFromUint32Unchecked(v);
}

/**
 * One fp32 uniform per row: row r uses the engine (seed, subsequence = r, offset) and takes its first output,
 * exactly what every sampling kernel draws.
 */
export function rowUniforms(seed: bigint, offset: bigint, batch: number): Float32Array {
  assertUint64(seed, 'seed');
  assertUint64(offset, 'offset');
  if (!Number.isInteger(batch) || batch < 0 || batch > 2 ** 31 - 1) {
    throw new RangeError(`batch must be an integer in [0, 2^31 - 1], got ${String(batch)}`);
  }
  const out = new Float32Array(batch);
  for (let row = 0; row < batch; row++) {
    out[row] = new PhiloxEngine(seed, BigInt(row), offset).nextUniform();
  }
  return out;
}

const U64_LIMIT = 1n << 64n;

/**
 * `perRow` fp32 uniforms per row, row-major (batch × perRow): row r's k-th is the first output of the engine
 * (seed, subsequence = r, (offset + k) mod 2^64) — output k of the stream (seed, r, offset), with the offset
 * wrapping as the kernels' uint64 arithmetic does. What a philox-replay kernel with `rng.uniformsPerRow` = perRow
 * draws (docs/design.md, "Randomness"); perRow = 1 is `rowUniforms`.
 */
export function rowUniformStreams(seed: bigint, offset: bigint, batch: number, perRow: number): Float32Array {
  assertUint64(seed, 'seed');
  assertUint64(offset, 'offset');
  if (!Number.isInteger(batch) || batch < 0 || batch > 2 ** 31 - 1) {
    throw new RangeError(`batch must be an integer in [0, 2^31 - 1], got ${String(batch)}`);
  }
  if (!Number.isInteger(perRow) || perRow < 1 || perRow > 2 ** 20) {
    throw new RangeError(`perRow must be an integer in [1, 2^20], got ${String(perRow)}`);
  }
  const out = new Float32Array(batch * perRow);
  const wraps = offset + BigInt(perRow) > U64_LIMIT;
  for (let row = 0; row < batch; row++) {
    if (wraps) {
      for (let k = 0; k < perRow; k++) out[row * perRow + k] = new PhiloxEngine(seed, BigInt(row), (offset + BigInt(k)) % U64_LIMIT).nextUniform();
      continue;
    }
    // one engine per row: its outputs in order are exactly those of the engines at offset + k
    const engine = new PhiloxEngine(seed, BigInt(row), offset);
    for (let k = 0; k < perRow; k++) out[row * perRow + k] = engine.nextUniform();
  }
  return out;
}
