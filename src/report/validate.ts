/**
 * Argument checks for the recording API. Records cross a process boundary as JSON, so a NaN or a missing
 * kernel name would silently become null or vanish in the report; reject them where the suite can see it.
 */

export function requireText(name: string, value: unknown, maxLength = 10_000): string {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string, got ${typeof value}`);
  if (value.length === 0 || value.length > maxLength) {
    throw new RangeError(`${name} must be a non-empty string of at most ${maxLength} characters, got length ${value.length}`);
  }
  return value;
}

export function requireBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${typeof value}`);
  return value;
}

/** A finite number in [min, max]. */
export function requireNumber(name: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a finite number in [${min}, ${max}], got ${value}`);
  }
  return value;
}

/** A safe integer in [min, max]. */
export function requireInteger(name: string, value: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  requireNumber(name, value);
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value as number;
}

const U64_MAX = (1n << 64n) - 1n;

/** A u64 given as bigint, safe integer or decimal string; returned as a decimal string. */
export function requireU64(name: string, value: unknown): string {
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number') big = BigInt(requireInteger(name, value));
  else if (typeof value === 'string' && /^[0-9]{1,20}$/.test(value)) big = BigInt(value);
  else throw new TypeError(`${name} must be a bigint, a safe integer or a decimal string, got ${String(value)}`);
  if (big < 0n || big > U64_MAX) throw new RangeError(`${name} must be in [0, 2^64 - 1], got ${big}`);
  return big.toString();
}

/** Numbers as a plain array; every entry finite and ≥ 0 (histogram counts). */
export function requireCounts(name: string, value: unknown): number[] {
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) {
    throw new TypeError(`${name} must be an array or typed array of numbers`);
  }
  const out = Array.from(value as ArrayLike<unknown>, (v, i) => requireNumber(`${name}[${i}]`, v, 0));
  if (out.length === 0) throw new RangeError(`${name} must have at least 1 cell, got 0`);
  return out;
}

export function requireObject(name: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new TypeError(`${name} must be an object`);
  return value as Record<string, unknown>;
}
