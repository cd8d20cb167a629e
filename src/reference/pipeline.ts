import type { PerRow, RowBatch } from '../types.ts';
import { assertRowBatch, assertUniform, rowOf } from './arguments.ts';
import { quantizeRow } from './fixed-point.ts';
import { assertFilterSpec, eligibleMask, type FilterSpec } from './filter-spec.ts';
import { sampleInverseCdf, type MarginSample } from './sample.ts';
import { applyTemperature } from './temperature.ts';
import { isValidLogitRow } from './validity.ts';

/**
 * The exact distribution a contract-following kernel samples from: `P(i) = e_i · q_i / M` with `q_i` the
 * fixed-point masses and `M = Σ e_i q_i` (ignoring the granularity of the fp32 uniform, ≤ 2^-24 per token).
 * This is the chi-square expectation. All zeros for an invalid row.
 */
export function filteredDistribution(row: ArrayLike<number>, spec: FilterSpec, rowIndex = 0): Float64Array {
  const mask = eligibleMask(row, spec, rowIndex);
  const out = new Float64Array(row.length);
  const q = quantizeRow(row);
  if (q === null) return out;
  let total = 0;
  for (let i = 0; i < q.length; i++) if (mask[i] === 1) total += q[i] as number;
  if (total === 0) return out;
  for (let i = 0; i < q.length; i++) if (mask[i] === 1) out[i] = (q[i] as number) / total;
  return out;
}

function assertUniforms(uniforms: ArrayLike<number>, batch: number): void {
  if (uniforms === null || typeof uniforms !== 'object' || typeof uniforms.length !== 'number') {
    throw new TypeError('uniforms must be an array-like of numbers');
  }
  if (uniforms.length !== batch) {
    throw new RangeError(`uniforms.length must equal batch = ${batch}, got ${uniforms.length}`);
  }
  for (let r = 0; r < batch; r++) assertUniform(uniforms[r] as number, `uniforms[${r}]`);
}

/**
 * Filter then sample each probability row with its uniform (`uniforms[r]`, the first Philox output of
 * subsequence r). Bit-exact specification of a probability-input sampling kernel.
 */
export function referenceSample(
  b: RowBatch<Float32Array | Float64Array>,
  spec: FilterSpec,
  uniforms: ArrayLike<number>,
): MarginSample[] {
  assertRowBatch(b, 'b');
  assertFilterSpec(spec, b.batch);
  assertUniforms(uniforms, b.batch);
  const out: MarginSample[] = [];
  for (let r = 0; r < b.batch; r++) {
    const row = rowOf(b, r);
    out.push(sampleInverseCdf(row, eligibleMask(row, spec, r), uniforms[r] as number));
  }
  return out;
}

/**
 * Logits in: optional temperature (fp32 `x / T`), then `w_i = fl32(exp(fl32(x_i − max)))` — the fp32 weights a
 * kernel computes with `expf` — then filter and sample as `referenceSample`. GPU `expf` differs from a correctly
 * rounded exp by a few ulp, so kernels are replayed with a tolerance (use `margin`). Invalid logit rows → invalid.
 */
export function referenceSampleFromLogits(
  b: RowBatch,
  spec: FilterSpec,
  uniforms: ArrayLike<number>,
  temperature?: PerRow<number>,
): MarginSample[] {
  assertRowBatch(b, 'b');
  assertFilterSpec(spec, b.batch);
  assertUniforms(uniforms, b.batch);
  const scaled = temperature === undefined ? b : applyTemperature(b, temperature);
  const out: MarginSample[] = [];
  const w = new Float32Array(scaled.vocab);
  for (let r = 0; r < scaled.batch; r++) {
    const row = rowOf(scaled, r);
    if (!isValidLogitRow(row)) {
      out.push({ token: 0, valid: false, margin: Infinity });
      continue;
    }
    let max = -Infinity;
    for (let i = 0; i < row.length; i++) if ((row[i] as number) > max) max = row[i] as number;
    for (let i = 0; i < row.length; i++) w[i] = Math.exp(Math.fround((row[i] as number) - max));
    out.push(sampleInverseCdf(w, eligibleMask(w, spec, r), uniforms[r] as number));
  }
  return out;
}
