import type { PerRow, RowBatch } from '../types.ts';
import { assertRowBatch, rowOf } from './arguments.ts';
import { applyTemperature } from './temperature.ts';
import { isValidLogitRow } from './validity.ts';

/**
 * Row-wise softmax in float64: `p_i = exp(x_i − max) / Σ_j exp(x_j − max)`.
 *
 * Subtracting the row max keeps every exponent ≤ 0 (no overflow); −inf logits give exactly 0. With `temperature`,
 * the logits are first scaled exactly as `applyTemperature` does (fp32 `x / T`), so
 * `softmax(b, T)` ≡ `softmax(applyTemperature(b, T))` bit for bit. An invalid logit row (NaN, +inf, or all −inf)
 * yields all-zero probabilities and `valid[r] = 0`.
 */
export function softmax(
  b: RowBatch,
  temperature?: PerRow<number>,
): { probs: Float64Array; valid: Uint8Array } {
  assertRowBatch(b, 'b');
  const scaled = temperature === undefined ? b : applyTemperature(b, temperature);
  const probs = new Float64Array(scaled.data.length);
  const valid = new Uint8Array(scaled.batch);
  for (let r = 0; r < scaled.batch; r++) {
    const row = rowOf(scaled, r);
    if (!isValidLogitRow(row)) continue;
    valid[r] = 1;
    let max = -Infinity;
    for (let i = 0; i < row.length; i++) if ((row[i] as number) > max) max = row[i] as number;
    const base = r * scaled.vocab;
    let sum = 0;
    for (let i = 0; i < row.length; i++) {
      const e = Math.exp((row[i] as number) - max);
      probs[base + i] = e;
      sum += e;
    }
    // sum ≥ 1 because the max entry contributes exp(0) = 1.
    for (let i = 0; i < row.length; i++) probs[base + i] = (probs[base + i] as number) / sum;
  }
  return { probs, valid };
}
