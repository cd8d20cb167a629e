import { rowOf } from '../reference/arguments.ts';
import { quantizeRow } from '../reference/fixed-point.ts';
import type { MarginSample } from '../reference/sample.ts';
import type { CheckResult, Finding, RowBatch } from '../types.ts';
import { checkResult } from './result.ts';
import { assertTokens, type Tokens } from './tokens-arg.ts';

/** What a kernel wrote for a batch: its tokens and, when it has a valid output, its flags. */
export interface KernelDraws {
  readonly token: Tokens;
  readonly valid: Int32Array | Uint32Array | null;
}

export interface ExactReplayOptions {
  /**
   * Rows whose reference margin (distance of u to a neighbour's interval, in units of u) is below this may take the
   * neighbouring token: counted as near-boundary, not as mismatches. 0 (the default): bit for bit.
   */
  readonly margin?: number;
  /** Rows whose outcome the kernel specifies (default: all); the others are not compared. */
  readonly rows?: (row: number) => boolean;
}

export interface ReplayOutcome {
  readonly result: CheckResult;
  /** Rows whose token is the reference's. */
  readonly exact: number;
  /** Rows that differ but are accepted (within the margin or the tolerance band). */
  readonly nearBoundary: number;
}

/**
 * Exact replay: every compared row returns the reference's token (and, when the kernel has a valid output, its
 * validity), except rows within `margin` of a CDF boundary. `checked` counts compared rows.
 */
export function exactReplay(want: readonly MarginSample[], got: KernelDraws, options: ExactReplayOptions = {}): ReplayOutcome {
  assertTokens(got.token, 'got.token');
  if (got.token.length !== want.length) throw new RangeError(`got.token.length must equal the reference's ${want.length} rows, got ${got.token.length}`);
  const margin = options.margin ?? 0;
  const findings: Finding[] = [];
  let exact = 0;
  let near = 0;
  let checked = 0;
  want.forEach((w, row) => {
    if (options.rows !== undefined && !options.rows(row)) return;
    checked++;
    const token = got.token[row] as number;
    const valid = got.valid === null ? w.valid : got.valid[row] === 1;
    if (token === w.token && valid === w.valid) exact++;
    else if (w.valid && valid && w.margin < margin) near++;
    else findings.push({ row, index: token, message: 'GPU token differs from the reference replay', values: { gpuToken: token, gpuValid: valid, refToken: w.token, refValid: w.valid, margin: w.margin } });
  });
  return { result: checkResult('exact replay', findings, checked), exact, nearBoundary: near };
}

/** A row where the kernel's token is not the reference's at the kernel's own u. */
export interface BandDisagreement {
  readonly row: number;
  readonly u: number;
  readonly token: number;
  readonly refToken: number;
  /** How far u lies from the interval of uniforms that give `token` (units of u; Infinity: no u gives it). */
  readonly distance: number;
  /** tolerance − distance: ≥ 0 inside the band by that much, < 0 outside by that much. */
  readonly slack: number;
}

export interface BandReplayOutcome extends ReplayOutcome {
  readonly disagreements: readonly BandDisagreement[];
  /** Rows left out because the accepted eligible sets differ there (tie policy `any` with ties at the boundary). */
  readonly ambiguous: number;
}

export interface BandReplayInput {
  /** Sampling weights of each row (probabilities, or the reference's exp weights of a logit row). */
  readonly weights: RowBatch<Float32Array | Float64Array>;
  /** The uniform row r's kernel read. */
  readonly uniforms: ArrayLike<number>;
  /**
   * Eligibility masks of row r, one per eligible set the declaration accepts (two for tie policy `any`: exact and
   * ties-kept). A row whose masks differ is left out: its token is not determined by u.
   */
  readonly masks: (row: number) => readonly Uint8Array[];
  readonly tolerance: number;
  /** Rows whose outcome the kernel specifies (default: all); invalid rows are never compared. */
  readonly rows?: (row: number) => boolean;
}

function sameMasks(masks: readonly Uint8Array[]): boolean {
  const first = masks[0] as Uint8Array;
  return masks.every((m) => m.length === first.length && m.every((x, i) => x === first[i]));
}

/** The reference token at u and the distance of u from the interval of uniforms that give `token`. */
function bandOf(q: Float64Array, mask: Uint8Array, u: number, token: number): { refToken: number; distance: number } {
  let total = 0;
  for (let i = 0; i < q.length; i++) if (mask[i] === 1) total += q[i] as number;
  const target = u * total;
  let refToken = -1;
  let before = 0;
  let distance = Infinity;
  let prefix = 0;
  for (let i = 0; i < q.length; i++) {
    if (mask[i] !== 1) continue;
    const start = prefix;
    prefix += q[i] as number;
    if (refToken < 0 && prefix >= target) refToken = i;
    if (i === token) before = start;
  }
  if (Number.isInteger(token) && token >= 0 && token < q.length && mask[token] === 1 && (q[token] as number) > 0) {
    const end = before + (q[token] as number);
    distance = target <= before ? (before - target) / total : target > end ? (target - end) / total : 0;
  }
  return { refToken, distance };
}

/**
 * Replay of a kernel that reads its uniforms from the harness: the harness knows each row's u exactly, and the
 * kernel's token is accepted when it is the reference token for some u' with |u' − u| ≤ tolerance (its cumulative
 * sums are its own, e.g. fp32). Every disagreement is reported with its distance from the band. Invalid rows (by
 * the reference's fixed-point rules) are not compared. `checked` counts compared rows.
 */
export function uniformBandReplay(input: BandReplayInput, token: Tokens): BandReplayOutcome {
  const { weights, uniforms, tolerance } = input;
  assertTokens(token);
  if (token.length !== weights.batch || uniforms.length !== weights.batch) {
    throw new RangeError(`token and uniforms must have batch = ${weights.batch} entries, got ${token.length} and ${uniforms.length}`);
  }
  if (!(tolerance >= 0 && tolerance < 1)) throw new RangeError(`tolerance must be in [0, 1), got ${String(tolerance)}`);
  const findings: Finding[] = [];
  const disagreements: BandDisagreement[] = [];
  let exact = 0;
  let ambiguous = 0;
  let checked = 0;
  for (let r = 0; r < weights.batch; r++) {
    if (input.rows !== undefined && !input.rows(r)) continue;
    const q = quantizeRow(rowOf(weights, r));
    const masks = input.masks(r);
    if (q === null || masks.length === 0) continue;
    if (!sameMasks(masks)) {
      ambiguous++;
      continue;
    }
    const u = uniforms[r] as number;
    const t = token[r] as number;
    const { refToken, distance } = bandOf(q, masks[0] as Uint8Array, u, t);
    if (refToken < 0) continue; // no eligible mass: an invalid row
    checked++;
    if (t === refToken) {
      exact++;
      continue;
    }
    const d = { row: r, u, token: t, refToken, distance, slack: tolerance - distance };
    disagreements.push(d);
    if (distance > tolerance) {
      findings.push({ row: r, index: t, message: `token is not the reference token for any u' within ${tolerance} of the kernel's u`, values: { u, gpuToken: t, refToken, distance, tolerance, outsideBy: distance - tolerance } });
    }
  }
  const result = checkResult('uniform replay', findings, checked);
  return { result, exact, nearBoundary: disagreements.length - findings.length, disagreements, ambiguous };
}
