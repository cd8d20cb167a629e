/**
 * The inputs of chain speculative sampling and what makes them valid (docs/design.md, "Speculative sampling").
 *
 * A batch row b holds `draft` draft tokens, their draft probability rows (`draft × vocab`) and `draft + 1` target
 * probability rows (the last one is the bonus row), all row-major. Its inputs are valid iff every draft token lies
 * in [0, vocab) and every draft and target row is a normalized probability row: every entry in [0, 1] (NaN is
 * not) and a fixed-point total `T = Σ floor(w·2^32)` within NORMALIZATION_TOLERANCE of 2^32. Integer arithmetic
 * on the masses, so the kernel decides exactly as this file does.
 */
import { MAX_VOCAB } from '../limits.ts';
import { FIXED_POINT_ONE } from './fixed-point.ts';
import { assertInteger } from './arguments.ts';

/**
 * |T − 2^32| ≤ 2^22, i.e. a row sums to 1 within 2^-10 ≈ 1e-3: fp32 softmax rows (error ~1e-6) and bf16-rounded
 * rows (~1e-4 typical) pass, while a row that was never normalized (logits, a filtered row left at 0.7) fails.
 * kernels/speculative.hip holds the same constant (speculative.test.ts checks it).
 */
export const NORMALIZATION_TOLERANCE = 2 ** 22;

export interface SpeculativeInputs<T extends Float32Array | Float64Array = Float32Array> {
  readonly batch: number;
  /** Draft tokens per batch row (n ≥ 1). */
  readonly draft: number;
  readonly vocab: number;
  /** batch × draft × vocab. */
  readonly draftProbs: T;
  /** batch × draft. */
  readonly draftTokens: Int32Array;
  /** batch × (draft + 1) × vocab. */
  readonly targetProbs: T;
}

/** Throws a RangeError/TypeError naming the buffer when a length does not match the shape. */
export function assertSpeculativeShapes(x: SpeculativeInputs<Float32Array | Float64Array>): void {
  if (x === null || typeof x !== 'object') throw new TypeError('speculative inputs must be an object');
  assertInteger(x.batch, 'batch', 1, 2 ** 31 - 1);
  assertInteger(x.draft, 'draft', 1, 2 ** 31 - 1);
  assertInteger(x.vocab, 'vocab', 1, MAX_VOCAB);
  const want: [string, unknown, number, string][] = [
    ['draftProbs', x.draftProbs, x.batch * x.draft * x.vocab, 'batch·draft·vocab'],
    ['draftTokens', x.draftTokens, x.batch * x.draft, 'batch·draft'],
    ['targetProbs', x.targetProbs, x.batch * (x.draft + 1) * x.vocab, 'batch·(draft+1)·vocab'],
  ];
  for (const [name, data, length, shape] of want) {
    const ok = name === 'draftTokens' ? data instanceof Int32Array : data instanceof Float32Array || data instanceof Float64Array;
    if (!ok) throw new TypeError(`${name} must be ${name === 'draftTokens' ? 'an Int32Array' : 'a Float32Array or Float64Array'}`);
    if ((data as ArrayLike<number>).length !== length) {
      throw new RangeError(`${name} must have ${shape} = ${x.batch}·${x.draft}${name === 'draftTokens' ? '' : `·${x.vocab}`} → ${length} elements for batch ${x.batch}, draft ${x.draft}, vocab ${x.vocab}; got ${(data as ArrayLike<number>).length}`);
    }
  }
}

/** Draft row j of batch row b (a view). */
export function draftRow<T extends Float32Array | Float64Array>(x: SpeculativeInputs<T>, b: number, j: number): T {
  const at = (b * x.draft + j) * x.vocab;
  return x.draftProbs.subarray(at, at + x.vocab) as T;
}

/** Target row j (0 ≤ j ≤ draft) of batch row b (a view). */
export function targetRow<T extends Float32Array | Float64Array>(x: SpeculativeInputs<T>, b: number, j: number): T {
  const at = (b * (x.draft + 1) + j) * x.vocab;
  return x.targetProbs.subarray(at, at + x.vocab) as T;
}

/** Why a probability row is not normalized, or null: the entry outside [0, 1] or the total off 2^32. */
export function rowProblem(row: ArrayLike<number>): string | null {
  let total = 0;
  for (let i = 0; i < row.length; i++) {
    const w = row[i] as number;
    if (!(w >= 0 && w <= 1)) return `entry ${i} is ${w}, outside [0, 1]`;
    total += Math.floor(w * FIXED_POINT_ONE);
  }
  if (Math.abs(total - FIXED_POINT_ONE) > NORMALIZATION_TOLERANCE) return `sums to ${total / FIXED_POINT_ONE}, not 1 (±2^-10)`;
  return null;
}

/** Why batch row b's inputs are invalid (the first reason found), or null when they are valid. */
export function speculativeRowProblem(x: SpeculativeInputs<Float32Array | Float64Array>, b: number): string | null {
  for (let j = 0; j < x.draft; j++) {
    const t = x.draftTokens[b * x.draft + j] as number;
    if (!(t >= 0 && t < x.vocab)) return `draftTokens[${b}][${j}] = ${t} is outside [0, ${x.vocab - 1}]`;
  }
  for (let j = 0; j < x.draft; j++) {
    const p = rowProblem(draftRow(x, b, j));
    if (p !== null) return `draftProbs[${b}][${j}]: ${p}`;
  }
  for (let j = 0; j <= x.draft; j++) {
    const p = rowProblem(targetRow(x, b, j));
    if (p !== null) return `targetProbs[${b}][${j}]: ${p}`;
  }
  return null;
}

/**
 * The host-side check a caller runs before launching: shapes first, then every batch row's validity; throws a
 * RangeError listing the first few invalid rows (the kernel would flag them invalid, which a caller who meant to
 * pass valid inputs wants to hear about before the launch).
 */
export function assertSpeculativeInputs(x: SpeculativeInputs<Float32Array | Float64Array>): void {
  assertSpeculativeShapes(x);
  const problems: string[] = [];
  for (let b = 0; b < x.batch && problems.length < 4; b++) {
    const p = speculativeRowProblem(x, b);
    if (p !== null) problems.push(p);
  }
  if (problems.length > 0) throw new RangeError(`invalid speculative inputs: ${problems.join('; ')}`);
}
