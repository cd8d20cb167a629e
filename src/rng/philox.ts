/**
 * Philox4x32-10 block function (Salmon et al., SC'11), as rocRAND's `philox4x32_10_engine::ten_rounds`.
 * Pure uint32 arithmetic so that the TypeScript reference and the GPU kernels agree bit for bit.
 */

/** Four uint32 counter or output words, in rocRAND's order (x, y, z, w). */
export type Uint32x4 = [number, number, number, number];
/** Two uint32 key words (x, y). */
export type Uint32x2 = [number, number];

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/**
 * High 32 bits of the 64-bit product of two uint32 values.
 * A float64 product would round above 2^53, so the product is assembled from 16-bit halves; every partial
 * sum below stays under 2^34 and is therefore exact in float64.
 */
export function mulhi32(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const lowLow = aLo * bLo;
  const hiLow = aHi * bLo;
  const lowHi = aLo * bHi;
  const carry = Math.floor((Math.floor(lowLow / 0x10000) + (hiLow & 0xffff) + (lowHi & 0xffff)) / 0x10000);
  return (aHi * bHi + Math.floor(hiLow / 0x10000) + Math.floor(lowHi / 0x10000) + carry) >>> 0;
}

function assertUint32Words(words: readonly number[], length: number, name: string): void {
  if (!Array.isArray(words) || words.length !== length) {
    throw new TypeError(`${name} must be an array of ${length} uint32 words`);
  }
  words.forEach((w, i) => {
    if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) {
      throw new RangeError(`${name}[${i}] must be an integer in [0, 2^32 - 1], got ${String(w)}`);
    }
  });
}

/** Ten Philox4x32 rounds of `ctr` under `key`; the key is bumped by the Weyl constants between rounds. */
export function philox4x32_10(
  ctr: readonly [number, number, number, number],
  key: readonly [number, number],
): Uint32x4 {
  assertUint32Words(ctr, 4, 'ctr');
  assertUint32Words(key, 2, 'key');
  return philoxRoundsUnchecked(ctr[0], ctr[1], ctr[2], ctr[3], key[0], key[1]);
}

/** The block function without argument checks, for the engine's hot path (its state is always valid). */
export function philoxRoundsUnchecked(
  x0: number,
  y0: number,
  z0: number,
  w0: number,
  k0: number,
  k1: number,
): Uint32x4 {
  let x = x0;
  let y = y0;
  let z = z0;
  let w = w0;
  let kx = k0;
  let ky = k1;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      kx = (kx + W0) >>> 0;
      ky = (ky + W1) >>> 0;
    }
    const hi0 = mulhi32(M0, x);
    const lo0 = Math.imul(M0, x) >>> 0;
    const hi1 = mulhi32(M1, z);
    const lo1 = Math.imul(M1, z) >>> 0;
    const nx = (hi1 ^ y ^ kx) >>> 0;
    const nz = (hi0 ^ w ^ ky) >>> 0;
    x = nx;
    y = lo1;
    z = nz;
    w = lo0;
  }
  return [x, y, z, w];
}
