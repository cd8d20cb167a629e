/**
 * Argument validation shared by the reference ops. Every error names the argument and the allowed range, so a
 * caller's mistake is reported as such instead of surfacing later as a silent wrong answer.
 */
import type { PerRow, RowBatch } from '../types.ts';

/** Largest k a kernel can receive (int32). */
export const MAX_TOP_K = 2 ** 31 - 1;

export function assertInteger(value: number, name: string, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
}

export function assertRowBatch(b: RowBatch<Float32Array | Float64Array>, name = 'batch'): void {
  if (b === null || typeof b !== 'object') throw new TypeError(`${name} must be a RowBatch object`);
  if (!(b.data instanceof Float32Array) && !(b.data instanceof Float64Array)) {
    throw new TypeError(`${name}.data must be a Float32Array or Float64Array`);
  }
  assertInteger(b.batch, `${name}.batch`, 1, Number.MAX_SAFE_INTEGER);
  assertInteger(b.vocab, `${name}.vocab`, 1, Number.MAX_SAFE_INTEGER);
  if (b.data.length !== b.batch * b.vocab) {
    throw new RangeError(
      `${name}.data.length must equal batch * vocab = ${b.batch * b.vocab}, got ${b.data.length}`,
    );
  }
}

export function assertRow(row: ArrayLike<number>, name = 'row'): void {
  if (row === null || typeof row !== 'object' || typeof row.length !== 'number') {
    throw new TypeError(`${name} must be an array-like of numbers`);
  }
  if (row.length < 1) throw new RangeError(`${name}.length must be >= 1, got ${row.length}`);
}

export function assertTopK(k: number, name = 'k'): void {
  assertInteger(k, name, 1, MAX_TOP_K);
}

export function assertTopP(p: number, name = 'p'): void {
  if (typeof p !== 'number' || !(p > 0 && p <= 1)) {
    throw new RangeError(`${name} must be in (0, 1], got ${String(p)}`);
  }
}

export function assertMinP(minP: number, name = 'minP'): void {
  if (typeof minP !== 'number' || !(minP >= 0 && minP <= 1)) {
    throw new RangeError(`${name} must be in [0, 1], got ${String(minP)}`);
  }
}

export function assertTemperature(t: number, name = 'temperature'): void {
  if (typeof t !== 'number' || !(t > 0 && Number.isFinite(t))) {
    throw new RangeError(`${name} must be finite and > 0, got ${String(t)}`);
  }
}

export function assertUniform(u: number, name = 'u'): void {
  if (typeof u !== 'number' || !(u > 0 && u <= 1)) {
    throw new RangeError(`${name} must be in (0, 1], got ${String(u)}`);
  }
}

export function assertMask(mask: Uint8Array, length: number, name = 'mask'): void {
  if (!(mask instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (mask.length !== length) {
    throw new RangeError(`${name}.length must equal the row length ${length}, got ${mask.length}`);
  }
}

/**
 * Validates a scalar-or-per-row parameter once for a whole batch: a per-row array must have exactly `batch`
 * entries, and every entry must pass `check`.
 */
export function assertPerRow(
  param: PerRow<number>,
  batch: number,
  name: string,
  check: (value: number, name: string) => void,
): void {
  if (typeof param === 'number') {
    check(param, name);
    return;
  }
  if (!Array.isArray(param)) throw new TypeError(`${name} must be a number or an array of numbers`);
  if (param.length !== batch) {
    throw new RangeError(`${name}.length must equal batch = ${batch}, got ${param.length}`);
  }
  param.forEach((v: number, i: number) => check(v, `${name}[${i}]`));
}

/** The value of a scalar-or-per-row parameter for one row (validated by `check`). */
export function perRowValue(
  param: PerRow<number>,
  rowIndex: number,
  name: string,
  check: (value: number, name: string) => void,
): number {
  if (typeof param === 'number') {
    check(param, name);
    return param;
  }
  if (!Array.isArray(param)) throw new TypeError(`${name} must be a number or an array of numbers`);
  assertInteger(rowIndex, 'rowIndex', 0, param.length - 1);
  const value = param[rowIndex] as number;
  check(value, `${name}[${rowIndex}]`);
  return value;
}

/** Row `r` of a batch as a view (no copy). */
export function rowOf<T extends Float32Array | Float64Array>(b: RowBatch<T>, r: number): T {
  return b.data.subarray(r * b.vocab, (r + 1) * b.vocab) as T;
}
