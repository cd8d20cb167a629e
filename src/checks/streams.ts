import type { CheckResult, Finding } from '../types.ts';
import { checkResult } from './result.ts';
import { assertTokens, type Tokens } from './tokens-arg.ts';

/** Largest chance, under independent draws, that the claims below fail on a correct kernel (per claim). */
export const STREAM_FALSE_FAILURE = 1e-9;

export interface StreamRuns {
  /** `batch` identical rows drawn with (seed, offset). */
  readonly base: Tokens;
  /** The same rows with another seed, and with another offset. */
  readonly otherSeed: Tokens;
  readonly otherOffset: Tokens;
}

/**
 * Streams are independent: a different seed or offset changes some token, and identical rows at different indices
 * do not all draw the same token. Each claim can only be tested when the row's distribution (`probs`, the reference's
 * filtered distribution of the repeated row) makes a false failure negligible: the chance that `batch` independent
 * draws all coincide is Σp² ^ batch (two runs) and Σ p^batch (one run), both required ≤ STREAM_FALSE_FAILURE. A row too
 * concentrated for that is a finding too — a test that cannot fail must not pass. `checked` counts claims.
 */
export function streamIndependence(runs: StreamRuns, probs: ArrayLike<number>): CheckResult {
  for (const [name, t] of Object.entries(runs)) assertTokens(t, `runs.${name}`);
  const batch = runs.base.length;
  if (runs.otherSeed.length !== batch || runs.otherOffset.length !== batch) throw new RangeError(`every run must have ${batch} rows`);
  let collision = 0;
  let allSame = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i] as number;
    collision += p * p;
    allSame += p ** batch;
  }
  const findings: Finding[] = [];
  const pairwise = collision ** batch;
  if (!(pairwise <= STREAM_FALSE_FAILURE && allSame <= STREAM_FALSE_FAILURE)) {
    findings.push({ row: 0, message: `the repeated row is too concentrated to test stream independence with ${batch} rows (a correct kernel would fail with probability ${Math.max(pairwise, allSame).toExponential(2)}); use a row or parameters with more spread`, values: { collision, batch } });
    return checkResult('stream independence', findings, 0);
  }
  const same = (x: Tokens): number => {
    let n = 0;
    for (let r = 0; r < batch; r++) if (x[r] === runs.base[r]) n++;
    return n;
  };
  if (same(runs.otherSeed) === batch) findings.push({ row: 0, message: `another seed gave the same ${batch} tokens`, values: { batch } });
  if (same(runs.otherOffset) === batch) findings.push({ row: 0, message: `another offset gave the same ${batch} tokens`, values: { batch } });
  if (new Set(runs.base).size === 1) findings.push({ row: 0, message: `${batch} identical rows at different indices drew one token: rows share a stream`, values: { token: runs.base[0] as number } });
  return checkResult('stream independence', findings, 3);
}
