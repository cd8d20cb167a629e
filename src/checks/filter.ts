import type { CheckResult, Finding, PerRow, RowBatch, TiePolicy } from '../types.ts';
import { rowOf } from '../reference/arguments.ts';
import { assertFilterSpec, eligibleMask, type FilterSpec } from '../reference/filter-spec.ts';
import { isValidProbRow } from '../reference/validity.ts';
import { nucleusBoundary } from '../reference/topp.ts';
import { checkResult } from './result.ts';
import { assertBatchTokens, isTokenIn, type Tokens } from './tokens-arg.ts';

function assertTolerance(tol: number): void {
  if (typeof tol !== 'number' || !(tol >= 0 && Number.isFinite(tol))) {
    throw new RangeError(`tol must be finite and >= 0, got ${String(tol)}`);
  }
}

function mapPerRow(param: PerRow<number>, f: (v: number) => number): PerRow<number> {
  return typeof param === 'number' ? f(param) : param.map(f);
}

/**
 * The spec a kernel is held to under tolerance `tol`: top-p (alone or fused) is relaxed to `min(1, p + tol)` and
 * min-p to `max(0, minP − tol)`. Both relaxations only grow the eligible set, so a token outside it is wrong beyond
 * doubt. Top-k has no tolerance: counting is exact.
 */
export function relaxedSpec(spec: FilterSpec, tol: number): FilterSpec {
  switch (spec.kind) {
    case 'top-p':
      return { ...spec, p: mapPerRow(spec.p, (p) => Math.min(1, p + tol)) };
    case 'top-k-top-p':
      return { ...spec, p: mapPerRow(spec.p, (p) => Math.min(1, p + tol)) };
    case 'min-p':
      return { ...spec, minP: mapPerRow(spec.minP, (m) => Math.max(0, m - tol)) };
    default:
      return spec;
  }
}

/**
 * Every sampled token of a valid probability row is eligible under `spec` relaxed by `tol` (see `relaxedSpec`).
 *
 * `tol` is absolute, in units of probability mass (top-p) or of min_p. Use 0 for kernels that follow the
 * fixed-point contract (their masses are exact, so they must match bit for bit). A kernel summing fp32 weights in
 * its own order is off by about `log2(vocab) · 2^-24` of the mass for a tree reduction (1e-6 at 151,936) and at
 * worst `vocab · 2^-24` (≈ 9e-3) for a sequential one; 1e-5 is a sensible default for tree reductions.
 * Invalid rows are skipped (validFlagsMatch covers them); `checked` counts valid rows.
 */
export function satisfiesFilter(
  b: RowBatch<Float32Array | Float64Array>,
  tokens: Tokens,
  spec: FilterSpec,
  tol: number,
): CheckResult {
  assertBatchTokens(b, tokens);
  assertFilterSpec(spec, b.batch);
  assertTolerance(tol);
  const relaxed = relaxedSpec(spec, tol);
  const findings: Finding[] = [];
  let checked = 0;
  for (let r = 0; r < b.batch; r++) {
    const row = rowOf(b, r);
    if (!isValidProbRow(row)) continue;
    checked++;
    const token = tokens[r] as number;
    if (!isTokenIn(token, b.vocab)) {
      findings.push({ row: r, index: token, message: `token outside [0, ${b.vocab})`, values: { token } });
      continue;
    }
    const mask = eligibleMask(row, relaxed, r);
    if (mask[token] === 1) continue;
    findings.push({
      row: r,
      index: token,
      message: `token ${token} is not eligible under ${spec.kind}`,
      values: { token, weight: row[token] as number, ...boundaryValues(row, relaxed, r) },
    });
  }
  return checkResult(`satisfies-${spec.kind}`, findings, checked);
}

/** Where the (relaxed) top-p boundary lies, so a finding shows how far outside the token was. */
function boundaryValues(
  row: ArrayLike<number>,
  spec: FilterSpec,
  r: number,
): Record<string, number | string> {
  if (spec.kind !== 'top-p') return { filter: spec.kind };
  const p = typeof spec.p === 'number' ? spec.p : (spec.p[r] as number);
  const boundary = nucleusBoundary(row, p, spec.policy);
  if (boundary === null) return { filter: spec.kind };
  return {
    filter: spec.kind,
    p,
    boundaryValue: boundary.value,
    massAbove: boundary.massAbove / boundary.total,
    massAtBoundary: boundary.massAtBoundary / boundary.total,
  };
}

/** Every token is in the top-k set of its row (exact: no tolerance). See `satisfiesFilter`. */
export function satisfiesTopK(
  b: RowBatch<Float32Array | Float64Array>,
  tokens: Tokens,
  k: PerRow<number>,
  policy: TiePolicy,
): CheckResult {
  return satisfiesFilter(b, tokens, { kind: 'top-k', k, policy }, 0);
}

/** Every token is in the nucleus for `min(1, p + tol)`. See `satisfiesFilter` for the meaning of `tol`. */
export function satisfiesTopP(
  b: RowBatch<Float32Array | Float64Array>,
  tokens: Tokens,
  p: PerRow<number>,
  policy: TiePolicy,
  tol: number,
): CheckResult {
  return satisfiesFilter(b, tokens, { kind: 'top-p', p, policy }, tol);
}

/** Every token passes min-p at `max(0, minP − tol)`. See `satisfiesFilter`. */
export function satisfiesMinP(
  b: RowBatch<Float32Array | Float64Array>,
  tokens: Tokens,
  minP: PerRow<number>,
  tol: number,
): CheckResult {
  return satisfiesFilter(b, tokens, { kind: 'min-p', minP }, tol);
}
