import type { RowBatch } from '../types.ts';
import { assertRowBatch } from '../reference/arguments.ts';

/** Validates a batch and its one-token-per-row output. */
export function assertBatchTokens(b: RowBatch<Float32Array | Float64Array>, tokens: Int32Array): void {
  assertRowBatch(b, 'b');
  if (!(tokens instanceof Int32Array)) throw new TypeError('tokens must be an Int32Array');
  if (tokens.length !== b.batch) {
    throw new RangeError(`tokens.length must equal b.batch = ${b.batch}, got ${tokens.length}`);
  }
}
