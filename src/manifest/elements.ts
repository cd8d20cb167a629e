/**
 * Element encodings of row inputs. A kernel reading f16 or bf16 rows gets the round-to-nearest-even encoding of
 * the caller's fp32 values (or the caller's raw 16-bit patterns); both formats widen to fp32 exactly, so the
 * reference and the checks are fed the widened values — exactly what the kernel saw (`widenedRows`).
 */
import type { RowBatch } from '../types.ts';
import { elementTypeOf, rowInputOf } from './roles.ts';
import type { ElementType, ManifestEntry } from './types.ts';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function bitsOf(x: number): number {
  f32[0] = x;
  return u32[0] as number;
}
function fromBits(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0] as number;
}

/** Rounds `m / 2^shift` to the nearest integer, ties to even (m a non-negative integer < 2^31, 1 ≤ shift ≤ 24). */
function roundShift(m: number, shift: number): number {
  const q = Math.floor(m / 2 ** shift);
  const rem = m - q * 2 ** shift;
  const half = 2 ** (shift - 1);
  return rem > half || (rem === half && q % 2 === 1) ? q + 1 : q;
}

/** IEEE binary16 bits of the fp32 value `x`, round to nearest even; NaN stays a (quiet) NaN, overflow is ±inf. */
export function f16Bits(x: number): number {
  const bits = bitsOf(x);
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant === 0 ? 0 : 0x200 | (mant >>> 13));
  const e = exp - 112; // rebias 127 → 15
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // below half the smallest subnormal (2^-25)
    return sign | roundShift(mant | 0x800000, 14 - e); // may round up into the smallest normal: same encoding
  }
  return sign | roundShift((e << 23) | mant, 13); // a carry out of the mantissa bumps the exponent, up to inf
}

/** The fp32 value of IEEE binary16 bits (exact). */
export function f16Value(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0x1f) return mant === 0 ? sign * Infinity : fromBits(((h & 0x8000) << 16) | 0x7f800000 | (mant << 13));
  return exp === 0 ? sign * mant * 2 ** -24 : sign * (1024 + mant) * 2 ** (exp - 25);
}

/** bfloat16 bits of the fp32 value `x` (its upper half), round to nearest even; NaN stays a (quiet) NaN. */
export function bf16Bits(x: number): number {
  const bits = bitsOf(x);
  if ((bits & 0x7fffffff) > 0x7f800000) return (bits >>> 16) | 0x40;
  return Math.floor((bits + 0x7fff + ((bits >>> 16) & 1)) / 0x10000) & 0xffff;
}

/** The fp32 value of bfloat16 bits (exact). */
export function bf16Value(b: number): number {
  return fromBits((b & 0xffff) << 16);
}

/** The 16-bit patterns of fp32 data in `type` (f16 or bf16). */
export function encodeElements(type: Exclude<ElementType, 'f32'>, data: Float32Array): Uint16Array {
  const enc = type === 'f16' ? f16Bits : bf16Bits;
  const out = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = enc(data[i] as number);
  return out;
}

/** The fp32 values of 16-bit patterns of `type` (exact widening). */
export function widenElements(type: Exclude<ElementType, 'f32'>, bits: Uint16Array): Float32Array {
  const dec = type === 'f16' ? f16Value : bf16Value;
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = dec(bits[i] as number);
  return out;
}

/** Rows as a caller hands them to the binding: fp32 values, or raw f16/bf16 bit patterns. */
export interface ElementRows {
  readonly data: Float32Array | Uint16Array;
  readonly batch: number;
  readonly vocab: number;
}

/**
 * The rows the kernel actually reads when the caller hands fp32 `rows` (or raw 16-bit patterns) to the entry's
 * row input (or to `param`): for an f16/bf16 input, each value rounded to that format and widened back; for f32,
 * the rows themselves. Feed these to the reference and the checks.
 */
export function widenedRows(entry: Pick<ManifestEntry, 'params' | 'name'>, rows: ElementRows, param?: string): RowBatch<Float32Array> {
  const p = param === undefined ? rowInputOf(entry) : entry.params.find((q) => q.name === param);
  const type = p === undefined ? null : elementTypeOf(p);
  if (p === undefined || type === null) throw new RangeError(`${entry.name}: '${String(param)}' is not a row buffer of f32, f16 or bf16`);
  const { data, batch, vocab } = rows;
  if (data instanceof Uint16Array) {
    if (type === 'f32') throw new TypeError(`${entry.name}: '${p.name}' is f32*; raw 16-bit patterns apply only to f16*/bf16* inputs`);
    return { data: widenElements(type, data), batch, vocab };
  }
  if (!(data instanceof Float32Array)) throw new TypeError(`${entry.name}: rows must be a Float32Array or Uint16Array of raw bits`);
  return { data: type === 'f32' ? data : widenElements(type, encodeElements(type, data)), batch, vocab };
}
