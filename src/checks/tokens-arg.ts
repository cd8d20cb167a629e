import type { RowBatch } from '../types.ts';
import { assertRowBatch } from '../reference/arguments.ts';

/**
 * One token per row as a kernel wrote it: int32, uint32, or any token type read as numbers (an i64 output is read
 * into a Float64Array: exact below 2^53, and a value beyond that is outside [0, vocab) either way).
 */
export type Tokens = Int32Array | Uint32Array | Float64Array;

export function assertTokens(tokens: unknown, name = 'tokens'): asserts tokens is Tokens {
  if (!(tokens instanceof Int32Array || tokens instanceof Uint32Array || tokens instanceof Float64Array)) {
    throw new TypeError(`${name} must be an Int32Array, Uint32Array or Float64Array`);
  }
}

/** Validates a batch and its one-token-per-row output. */
export function assertBatchTokens(b: RowBatch<Float32Array | Float64Array>, tokens: Tokens): void {
  assertRowBatch(b, 'b');
  assertTokens(tokens);
  if (tokens.length !== b.batch) {
    throw new RangeError(`tokens.length must equal b.batch = ${b.batch}, got ${tokens.length}`);
  }
}

/** Is `token` an index into a row of `vocab` entries (an integer in [0, vocab))? */
export function isTokenIn(token: number, vocab: number): boolean {
  return Number.isInteger(token) && token >= 0 && token < vocab;
}
