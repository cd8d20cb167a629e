/**
 * The uniforms of rocRAND's host API: `rocrand_generate_uniform(generator, out, n)` for a
 * ROCRAND_RNG_PSEUDO_PHILOX4_32_10 generator with seed `s` and offset `o` (docs/design.md, "Randomness").
 *
 * rocRAND's generator initializes one engine as `rocrand_init(s, subsequence 0, o)`; each thread of its generate
 * kernel copies it, skips to its own 4-output block (thread t: 4t outputs, plus the unaligned head for t > 0) and
 * leaps by the whole grid between blocks, writing 4 uniforms per step; the unaligned head and the tail are written
 * by the threads that own those positions. The result is layout-independent:
 * `out[j] = uniform(output o + j of the single stream (s, subsequence 0))`, with rocRAND's fp32 conversion
 * `2^-32 + float(v)·2^-32`. After the call the generator's engine has advanced by n outputs, so the next call on the
 * same generator continues at offset o + n.
 */
import { PhiloxEngine, assertUint64 } from './engine.ts';

/** rocRAND's default seed of a PHILOX4_32_10 generator (ROCRAND_PHILOX4x32_DEFAULT_SEED). */
export const ROCRAND_PHILOX_DEFAULT_SEED = 0xdeadbeefdeadbeefn;

/** Largest n one call may ask for here (a typed array's practical limit, far above any batch·n). */
export const MAX_GENERATE_COUNT = 2 ** 32 - 1;

/** `rocrand_generate_uniform(out, n)` (fp32) on a PHILOX4_32_10 generator freshly set to `seed` and `offset`. */
export function generateUniform(seed: bigint, offset: bigint, n: number): Float32Array {
  assertUint64(seed, 'seed');
  assertUint64(offset, 'offset');
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_GENERATE_COUNT) {
    throw new RangeError(`n must be an integer in [0, ${MAX_GENERATE_COUNT}], got ${String(n)}`);
  }
  const engine = new PhiloxEngine(seed, 0n, offset);
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) out[j] = engine.nextUniform();
  return out;
}

/**
 * A PHILOX4_32_10 generator used call after call, as a serving loop uses one: each `generateUniform(n)` continues
 * where the previous call stopped (rocRAND advances the generator's engine by n uniforms per call; past output
 * 2^64 − 1 the stream runs on into the counter's upper words, as the engine's does).
 */
export class RocrandPhiloxGenerator {
  private readonly engine: PhiloxEngine;
  private drawn = 0n;
  constructor(
    readonly seed: bigint = ROCRAND_PHILOX_DEFAULT_SEED,
    readonly offset: bigint = 0n,
  ) {
    this.engine = new PhiloxEngine(seed, 0n, offset);
  }

  /** Position of the next uniform in the stream (offset + everything drawn so far; may exceed 2^64 − 1). */
  get position(): bigint {
    return this.offset + this.drawn;
  }

  generateUniform(n: number): Float32Array {
    if (!Number.isSafeInteger(n) || n < 0 || n > MAX_GENERATE_COUNT) {
      throw new RangeError(`n must be an integer in [0, ${MAX_GENERATE_COUNT}], got ${String(n)}`);
    }
    const out = new Float32Array(n);
    for (let j = 0; j < n; j++) out[j] = this.engine.nextUniform();
    this.drawn += BigInt(n);
    return out;
  }
}
