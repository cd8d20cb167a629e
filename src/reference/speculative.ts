/**
 * Chain speculative sampling: the specification `chain_speculative_sampling` (kernels/speculative.hip) is held
 * to, bit for bit (docs/design.md, "Speculative sampling").
 *
 * Batch row b consumes `draft + 1` uniforms (philox-replay: uniform k is output k of the engine (seed, b, offset)):
 * - position j < draft: the draft token x = x_j is accepted iff `acceptDraft(u_j, p_draft_j(x), p_target_j(x))`,
 *   i.e. `p_t > 0 and u·p_d ≤ p_t` evaluated exactly (the product of two fp32 values is exact in float64), which
 *   has probability min(1, p_t/p_d) for u uniform on (0, 1]. Every position is tested (`accepted` counts them all);
 *   the emitted prefix stops at the first rejection (`emitted`);
 * - one token after the prefix, drawn with uniform `u_draft` by the fixed-point sampling step of docs/design.md
 *   from integer masses: after a rejection at position e, the residual `r_i = max(0, q_t,i − q_d,i)` of target and
 *   draft rows e (q = floor(w·2^32)); when every position is accepted, the bonus row `q_t,draft`. A residual of
 *   mass 0 (possible only when the rows are not exactly normalized) falls back to target row e itself.
 * So for normalized rows each emitted token is distributed as its target row: min(p_d, p_t) + max(0, p_t − p_d).
 *
 * Output per row: `tokens` (draft + 1 entries: the emitted draft tokens, the residual or bonus token, then
 * SPECULATIVE_PADDING), `accepted`, `emitted`, `valid`. An invalid row (speculative-inputs.ts) draws nothing and
 * writes token 0 (INVALID_ROW_TOKEN) then padding, accepted = emitted = 0, valid = false.
 */
import { INVALID_ROW_TOKEN } from '../types.ts';
import { assertUniform } from './arguments.ts';
import { FIXED_POINT_ONE } from './fixed-point.ts';
import { assertSpeculativeShapes, draftRow, speculativeRowProblem, targetRow, type SpeculativeInputs } from './speculative-inputs.ts';

/** Output entries after the emitted tokens. */
export const SPECULATIVE_PADDING = -1;

export interface SpeculativeRow {
  /** draft + 1 entries: emitted + 1 tokens, then SPECULATIVE_PADDING. */
  readonly tokens: Int32Array;
  /** Positions whose draft token passed its own acceptance test (every position is tested). */
  readonly accepted: number;
  /** Draft tokens emitted: the accepted prefix (the index of the first rejection, or draft). */
  readonly emitted: number;
  readonly valid: boolean;
}

/** Uniforms one batch row consumes: one acceptance test per draft position, then one draw. */
export function speculativeUniformsPerRow(draft: number): number {
  return draft + 1;
}

/**
 * THE acceptance test: a draft token with draft probability `pDraft` and target probability `pTarget` is kept iff
 * the target gives it mass and `u·pDraft ≤ pTarget`. For fp32 inputs the float64 product is exact (24 + 24
 * significant bits), so a kernel computing it in double decides identically.
 */
export function acceptDraft(u: number, pDraft: number, pTarget: number): boolean {
  return pTarget > 0 && u * pDraft <= pTarget;
}

/**
 * The fixed-point sampling step on integer masses (docs/design.md): the smallest i whose inclusive prefix
 * C_i ≥ u·M (one float64 multiply), M = Σ masses > 0. Never returns a mass-0 index (target > 0).
 */
export function drawFromMasses(masses: ArrayLike<number>, u: number): number {
  assertUniform(u);
  let total = 0;
  for (let i = 0; i < masses.length; i++) total += masses[i] as number;
  if (!(total > 0)) throw new RangeError(`drawFromMasses: the masses must have a positive total, got ${total}`);
  const target = u * total;
  let prefix = 0;
  for (let i = 0; i < masses.length; i++) {
    prefix += masses[i] as number;
    if (prefix >= target) return i;
  }
  throw new Error(`drawFromMasses: no prefix reached target ${target} of total ${total}`);
}

/** Fixed-point masses of a row (entries already known to be in [0, 1]). */
export function massesOf(row: ArrayLike<number>): Float64Array {
  return Float64Array.from(row as ArrayLike<number>, (w) => Math.floor(w * FIXED_POINT_ONE));
}

/** `max(0, q_t − q_d)` per token; target row masses when that residual is empty. */
export function residualMasses(target: ArrayLike<number>, draft: ArrayLike<number>): Float64Array {
  const qt = massesOf(target);
  const r = new Float64Array(qt.length);
  let total = 0;
  for (let i = 0; i < r.length; i++) {
    r[i] = Math.max(0, (qt[i] as number) - Math.floor((draft[i] as number) * FIXED_POINT_ONE));
    total += r[i] as number;
  }
  return total > 0 ? r : qt;
}

function invalidRow(draft: number): SpeculativeRow {
  const tokens = new Int32Array(draft + 1).fill(SPECULATIVE_PADDING);
  tokens[0] = INVALID_ROW_TOKEN;
  return { tokens, accepted: 0, emitted: 0, valid: false };
}

/** Batch row b with its draft + 1 uniforms `u`. */
export function speculativeRow(x: SpeculativeInputs<Float32Array | Float64Array>, b: number, u: ArrayLike<number>): SpeculativeRow {
  const n = x.draft;
  if (speculativeRowProblem(x, b) !== null) return invalidRow(n);
  let accepted = 0;
  let emitted = n;
  for (let j = 0; j < n; j++) {
    const t = x.draftTokens[b * n + j] as number;
    const ok = acceptDraft(u[j] as number, draftRow(x, b, j)[t] as number, targetRow(x, b, j)[t] as number);
    if (ok) accepted++;
    else if (emitted === n) emitted = j;
  }
  const masses = emitted < n ? residualMasses(targetRow(x, b, emitted), draftRow(x, b, emitted)) : massesOf(targetRow(x, b, n));
  const tokens = new Int32Array(n + 1).fill(SPECULATIVE_PADDING);
  tokens.set(x.draftTokens.subarray(b * n, b * n + emitted));
  tokens[emitted] = drawFromMasses(masses, u[n] as number);
  return { tokens, accepted, emitted, valid: true };
}

/**
 * Every batch row, with `uniforms` row-major (batch × (draft + 1), row b's at `[b·(draft+1), (b+1)·(draft+1))`,
 * as `rowUniformStreams` replays them).
 */
export function chainSpeculativeSample(x: SpeculativeInputs<Float32Array | Float64Array>, uniforms: ArrayLike<number>): SpeculativeRow[] {
  assertSpeculativeShapes(x);
  const k = speculativeUniformsPerRow(x.draft);
  if (uniforms === null || typeof uniforms !== 'object' || uniforms.length !== x.batch * k) {
    throw new RangeError(`uniforms must have batch·(draft+1) = ${x.batch * k} entries, got ${String(uniforms?.length)}`);
  }
  for (let i = 0; i < uniforms.length; i++) assertUniform(uniforms[i] as number, `uniforms[${i}]`);
  const out: SpeculativeRow[] = [];
  for (let b = 0; b < x.batch; b++) out.push(speculativeRow(x, b, Array.prototype.slice.call(uniforms, b * k, (b + 1) * k) as number[]));
  return out;
}

/**
 * What one position's draw is, for a draft token drawn from the draft row's fixed-point distribution
 * (P(x) = q_d,x / Q_d) and a continuous uniform: `acceptance` α = Σ_x P(x)·min(1, p_t,x / p_d,x) (equal to
 * Σ min(p_d, p_t) for normalized rows), and `emission`, the distribution of the token emitted at this position
 * (accepted draft or residual draw): Σ of both routes, which for normalized rows is the target row.
 */
export function positionLaw(draft: ArrayLike<number>, target: ArrayLike<number>): { acceptance: number; emission: Float64Array } {
  const qd = massesOf(draft);
  let qdTotal = 0;
  for (const q of qd) qdTotal += q;
  const emission = new Float64Array(draft.length);
  let accepted = 0;
  let rejected = 0;
  for (let i = 0; i < draft.length; i++) {
    const pd = draft[i] as number;
    const pt = target[i] as number;
    const p = (qd[i] as number) / qdTotal;
    const a = pt <= 0 ? 0 : pd <= pt ? 1 : pt / pd;
    emission[i] = p * a;
    accepted += p * a;
    rejected += p * (1 - a);
  }
  // exact at the ends (drafts equal to or disjoint from the target), where a rounded sum could leave [0, 1]
  const acceptance = rejected === 0 ? 1 : accepted === 0 ? 0 : Math.min(1, Math.max(0, accepted));
  const r = residualMasses(target, draft);
  let rTotal = 0;
  for (const m of r) rTotal += m;
  for (let i = 0; i < r.length; i++) emission[i] = (emission[i] as number) + (1 - acceptance) * ((r[i] as number) / rTotal);
  return { acceptance, emission };
}
