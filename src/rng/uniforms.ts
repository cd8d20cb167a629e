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
