/**
 * rocRAND's `philox4x32_10_engine` (rocrand_philox4x32_10.h) replayed on the CPU.
 * The counter arithmetic is kept word by word, including the order of carries, so that any state the GPU
 * engine can reach is reproduced exactly.
 */
import { philoxRoundsUnchecked, type Uint32x4 } from './philox.ts';

const U64_LIMIT = 1n << 64n;

/** Throws unless `value` is a bigint in [0, 2^64): the C++ engine takes `unsigned long long`. */
export function assertUint64(value: unknown, name: string): asserts value is bigint {
  if (typeof value !== 'bigint') {
    throw new TypeError(`${name} must be a bigint in [0, 2^64), got ${typeof value}`);
  }
  if (value < 0n || value >= U64_LIMIT) {
    throw new RangeError(`${name} must be in [0, 2^64), got ${value}`);
  }
}

const lo32 = (v: bigint): number => Number(v & 0xffffffffn);
const hi32 = (v: bigint): number => Number((v >> 32n) & 0xffffffffn);

export class PhiloxEngine {
  /** 128-bit counter as uint32 words (x, y, z, w), x least significant. */
  private readonly counter: Uint32x4 = [0, 0, 0, 0];
  private readonly key: readonly [number, number];
  private result: Uint32x4;
  /** Index of the next word of `result` to hand out (0..3). */
  private substate = 0;

  /** Same state as rocRAND's `rocrand_init(seed, subsequence, offset, &state)`. */
  constructor(seed: bigint, subsequence: bigint = 0n, offset: bigint = 0n) {
    assertUint64(seed, 'seed');
    assertUint64(subsequence, 'subsequence');
    assertUint64(offset, 'offset');
    this.key = [lo32(seed), hi32(seed)];
    this.skipSubsequences(subsequence);
    this.skipOutputs(offset);
    this.result = this.block();
  }

  /** Next raw 32-bit output (rocRAND's `rocrand(&state)`). */
  nextUint32(): number {
    const value = this.result[this.substate] as number;
    this.substate++;
    if (this.substate === 4) {
      this.substate = 0;
      this.incrementCounter();
      this.result = this.block();
    }
    return value;
  }

  /** Next fp32 uniform in (0, 1] (rocRAND's `rocrand_uniform(&state)`). */
  nextUniform(): number {
    return uniformFromUint32Unchecked(this.nextUint32());
  }

  /** Skips `n` outputs (rocRAND's `skipahead(n, &state)`). */
  discard(n: bigint): void {
    assertUint64(n, 'n');
    this.skipOutputs(n);
    this.result = this.block();
  }

  /** Skips `n` subsequences of 2^66 outputs each (rocRAND's `skipahead_subsequence(n, &state)`). */
  discardSubsequence(n: bigint): void {
    assertUint64(n, 'n');
    this.skipSubsequences(n);
    this.result = this.block();
  }

  private block(): Uint32x4 {
    const [x, y, z, w] = this.counter;
    return philoxRoundsUnchecked(x, y, z, w, this.key[0], this.key[1]);
  }

  /** rocRAND `discard_impl`: the word position absorbs offset % 4, overflowing into one more counter step. */
  private skipOutputs(offset: bigint): void {
    this.substate += Number(offset & 3n);
    let counterSteps = offset >> 2n;
    if (this.substate >= 4) {
      counterSteps += 1n;
      this.substate -= 4;
    }
    this.addToCounter(counterSteps);
  }

  /**
   * rocRAND `discard_state(unsigned long long)`: adds a 64-bit value to (x, y), carrying by comparison into z and
   * then w. `hi + carry` is a uint32 sum, exactly as in C++ (it cannot wrap for the steps discard produces,
   * which are < 2^62).
   */
  private addToCounter(steps: bigint): void {
    const c = this.counter;
    const lo = lo32(steps);
    const hi = hi32(steps);
    const [tx, ty, tz] = c;
    c[0] = (tx + lo) >>> 0;
    c[1] = (ty + ((hi + (c[0] < tx ? 1 : 0)) >>> 0)) >>> 0;
    c[2] = (tz + (c[1] < ty ? 1 : 0)) >>> 0;
    c[3] = (c[3] + (c[2] < tz ? 1 : 0)) >>> 0;
  }

  /** rocRAND `discard_subsequence_impl`: adds the subsequence to (z, w); the carry out of w is dropped. */
  private skipSubsequences(subsequence: bigint): void {
    const c = this.counter;
    const tz = c[2];
    c[2] = (tz + lo32(subsequence)) >>> 0;
    c[3] = (c[3] + ((hi32(subsequence) + (c[2] < tz ? 1 : 0)) >>> 0)) >>> 0;
  }

  /** rocRAND `bump_counter`: 128-bit increment. */
  private incrementCounter(): void {
    const c = this.counter;
    for (let i = 0; i < 4; i++) {
      c[i] = ((c[i] as number) + 1) >>> 0;
      if (c[i] !== 0) return;
    }
  }
}

/** 2^-32; rocRAND writes it as the fp32 literal 2.3283064e-10f, which rounds to exactly this power of two. */
export const TWO_POW_NEG_32 = 2 ** -32;

/**
 * rocRAND `uniform_distribution(unsigned int)`: `2^-32 + (float)v * 2^-32` in fp32.
 * (float)v rounds to nearest even; the product by a power of two is exact; the sum of the two is exact in
 * float64 (it spans at most 33 significant bits), so one final fround reproduces the single fp32 addition.
 */
export function uniformFromUint32Unchecked(v: number): number {
  return Math.fround(Math.fround(v) * TWO_POW_NEG_32 + TWO_POW_NEG_32);
}
