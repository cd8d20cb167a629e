/**
 * A CPU stand-in for a probability-input sampling kernel, for the statistical plan's self-tests.
 *
 * It follows a `DrawPlan` exactly as a suite drives a GPU: launch l, row r takes the first uniform of
 * (seed, subsequence = r, offset = launchOffset(plan, l)) via `rowUniforms`, and applies the fixed-point sampling
 * step of docs/design.md. Every row of the plan holds the same probability row, so the eligible prefix is built
 * once and each draw is a binary search: the smallest eligible position whose inclusive prefix C ≥ u·M.
 */
import { rowUniforms, assertUint64 } from '../../rng/index.ts';
import { FIXED_POINT_ONE } from '../../reference/index.ts';
import { launchOffset, type DrawPlan } from './draw-plan.ts';

export interface CpuSamplerRequest {
  /** One probability row (entries in [0, 1]); every row of every launch holds it. */
  readonly row: Float32Array;
  /** Eligibility (1 = eligible), one byte per token; null = every token (only q > 0 can be drawn). */
  readonly eligible: Uint8Array | null;
  readonly seed: bigint;
  readonly plan: DrawPlan;
  /**
   * A planted defect for tests of the statistics: replaces each uniform before the step. Must return a value in
   * (0, 1]. Absent for the contract-following sampler.
   */
  readonly distortUniform?: (u: number) => number;
}

export interface CpuSamplerResult {
  /** Draws per token. */
  readonly counts: Float64Array;
  /** Draws that gave an invalid row (entry outside [0, 1] or NaN, or eligible mass M = 0): token 0, valid 0. */
  readonly invalid: number;
  readonly draws: number;
}

/** Eligible token indices and their inclusive fixed-point prefixes, or null for an invalid row. */
export interface EligiblePrefix {
  readonly tokens: Int32Array;
  readonly prefix: Float64Array;
  readonly total: number;
}

export function eligiblePrefix(row: ArrayLike<number>, eligible: Uint8Array | null): EligiblePrefix | null {
  const tokens: number[] = [];
  const prefix: number[] = [];
  let total = 0;
  for (let i = 0; i < row.length; i++) {
    const w = row[i] as number;
    if (!(w >= 0 && w <= 1)) return null;
    if (eligible !== null && eligible[i] !== 1) continue;
    const q = Math.floor(w * FIXED_POINT_ONE);
    // q = 0 tokens can never be drawn (target > 0 and C does not grow); skipping them keeps the search exact.
    if (q === 0) continue;
    total += q;
    tokens.push(i);
    prefix.push(total);
  }
  if (total === 0) return null;
  return { tokens: Int32Array.from(tokens), prefix: Float64Array.from(prefix), total };
}

/** The token the fixed-point step returns for uniform `u` (smallest position with prefix ≥ u·M). */
export function drawToken(p: EligiblePrefix, u: number): number {
  const target = u * p.total;
  let lo = 0;
  let hi = p.prefix.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((p.prefix[mid] as number) >= target) hi = mid;
    else lo = mid + 1;
  }
  return p.tokens[lo] as number;
}

function assertRequest(req: CpuSamplerRequest): void {
  if (!(req.row instanceof Float32Array) || req.row.length === 0) {
    throw new TypeError('row must be a non-empty Float32Array');
  }
  if (req.eligible !== null) {
    if (!(req.eligible instanceof Uint8Array) || req.eligible.length !== req.row.length) {
      throw new TypeError(`eligible must be null or a Uint8Array of length ${req.row.length}`);
    }
  }
  assertUint64(req.seed, 'seed');
  if (req.plan.vocab !== req.row.length) {
    throw new RangeError(`plan.vocab must equal row.length = ${req.row.length}, got ${req.plan.vocab}`);
  }
}

function checkedUniform(distort: (u: number) => number, u: number): number {
  const v = distort(u);
  if (!(v > 0 && v <= 1)) throw new RangeError(`distortUniform must return a value in (0, 1], got ${v} for u = ${u}`);
  return v;
}

export function simulateSampling(req: CpuSamplerRequest): CpuSamplerResult {
  assertRequest(req);
  const { plan, distortUniform } = req;
  const counts = new Float64Array(req.row.length);
  const draws = plan.rowsPerLaunch * plan.launches;
  const p = eligiblePrefix(req.row, req.eligible);
  // An invalid row writes token 0 with valid = 0 on every draw; a suite counts only valid tokens.
  if (p === null) return { counts, invalid: draws, draws };
  for (let launch = 0; launch < plan.launches; launch++) {
    const uniforms = rowUniforms(req.seed, launchOffset(plan, launch), plan.rowsPerLaunch);
    for (let r = 0; r < uniforms.length; r++) {
      const u = uniforms[r] as number;
      const token = drawToken(p, distortUniform === undefined ? u : checkedUniform(distortUniform, u));
      counts[token] = (counts[token] as number) + 1;
    }
  }
  return { counts, invalid: 0, draws };
}
