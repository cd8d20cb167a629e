import type { PerRow, RowBatch } from '../types.ts';
import { assertPerRow, assertRowBatch, assertTemperature, perRowValue } from './arguments.ts';

/**
 * Temperature scaling: `out[r][i] = fl32(x[r][i] / T_r)`, computed as `Math.fround(x / T)`.
 *
 * For fp32 operands the float64 quotient rounded once to fp32 equals the correctly rounded fp32 division (double
 * rounding is innocuous for division when 53 ≥ 2·24 + 2), so a kernel using IEEE fp32 division (`x / T`, not
 * `x * (1/T)` or a fast reciprocal) must match this bit for bit. `T` is per row or scalar, finite and > 0; it is
 * rounded to fp32 first, as a kernel receives it. ±inf and NaN entries pass through as IEEE division leaves them.
 */
export function applyTemperature(b: RowBatch, t: PerRow<number>): RowBatch<Float32Array> {
  assertRowBatch(b, 'b');
  assertPerRow(t, b.batch, 'temperature', assertTemperature);
  const out = new Float32Array(b.data.length);
  for (let r = 0; r < b.batch; r++) {
    const temp = Math.fround(perRowValue(t, r, 'temperature', assertTemperature));
    if (!(temp > 0 && Number.isFinite(temp))) {
      throw new RangeError(`temperature for row ${r} rounds to ${temp} in fp32; it must stay finite and > 0`);
    }
    const base = r * b.vocab;
    for (let i = 0; i < b.vocab; i++) out[base + i] = Math.fround((b.data[base + i] as number) / temp);
  }
  return { data: out, batch: b.batch, vocab: b.vocab };
}
