import type { RowBatch } from '../types.ts';
import { assertRowBatch } from './arguments.ts';

/**
 * Row-wise inclusive prefix sum, accumulated sequentially in float64: `out[r][i] = Σ_{j ≤ i} x[r][j]`.
 *
 * Float64 accumulation of fp32 inputs is far more accurate than a kernel's fp32 scan, so a kernel is compared with
 * a tolerance (its reduction order differs); this is the reference value, not a bit pattern to match. NaN and inf
 * propagate as IEEE addition defines; rows are independent.
 */
export function inclusivePrefixSum(b: RowBatch<Float32Array | Float64Array>): Float64Array {
  assertRowBatch(b, 'b');
  const out = new Float64Array(b.data.length);
  for (let r = 0; r < b.batch; r++) {
    const base = r * b.vocab;
    let acc = 0;
    for (let i = 0; i < b.vocab; i++) {
      acc += b.data[base + i] as number;
      out[base + i] = acc;
    }
  }
  return out;
}

/**
 * Row-wise exclusive prefix sum in float64: `out[r][i] = Σ_{j < i} x[r][j]` (0 at i = 0), the same running sum as
 * the inclusive one shifted by one entry. NaN and inf propagate from the entry after the one that holds them.
 */
export function exclusivePrefixSum(b: RowBatch<Float32Array | Float64Array>): Float64Array {
  assertRowBatch(b, 'b');
  const out = new Float64Array(b.data.length);
  for (let r = 0; r < b.batch; r++) {
    const base = r * b.vocab;
    let acc = 0;
    for (let i = 0; i < b.vocab; i++) {
      out[base + i] = acc;
      acc += b.data[base + i] as number;
    }
  }
  return out;
}

/** The prefix sum of a manifest's `reference.scan`. */
export function prefixSum(b: RowBatch<Float32Array | Float64Array>, scan: 'inclusive' | 'exclusive'): Float64Array {
  return scan === 'exclusive' ? exclusivePrefixSum(b) : inclusivePrefixSum(b);
}
