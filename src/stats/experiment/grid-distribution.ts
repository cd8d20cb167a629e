/**
 * The exact distribution of the fixed-point sampling step when the uniform is rocRAND's fp32 conversion of a
 * uniformly distributed 32-bit word v: P(i) = #{v : step(u(v)) = i} / 2^32.
 *
 * `filteredDistribution` (the reference) treats u as continuous; the fp32 uniform moves in steps of up to 2^-24, so
 * each token's true probability differs from q_i/M by up to about 2^-24. That is invisible at 1e6 draws but
 * measurable at ~1e8 (docs/statistics.md, section 5); this expectation removes the approximation.
 *
 * The step is monotone in v (u(v) is non-decreasing, and so is the float64 product u·M), so the words that give a
 * token at or before position j form a prefix [0, V_j) of the 2^32 words, found by binary search.
 */
import { uniformFromUint32 } from '../../rng/index.ts';
import { eligiblePrefix } from './cpu-sampler.ts';

const WORDS = 2 ** 32;

/** Number of words v with u(v)·total ≤ bound (a prefix of the words, by monotonicity). */
function wordsAtOrBelow(bound: number, total: number): number {
  let lo = 0;
  let hi = WORDS;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (uniformFromUint32(mid) * total <= bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Exact token probabilities for one probability row and eligibility mask; all zeros for an invalid row. */
export function uniformGridDistribution(row: Float32Array, eligible: Uint8Array | null): Float64Array {
  if (!(row instanceof Float32Array)) throw new TypeError('row must be a Float32Array');
  if (eligible !== null && (!(eligible instanceof Uint8Array) || eligible.length !== row.length)) {
    throw new TypeError(`eligible must be null or a Uint8Array of length ${row.length}`);
  }
  const out = new Float64Array(row.length);
  const p = eligiblePrefix(row, eligible);
  if (p === null) return out;
  let below = 0;
  for (let j = 0; j < p.prefix.length; j++) {
    const upTo = j === p.prefix.length - 1 ? WORDS : wordsAtOrBelow(p.prefix[j] as number, p.total);
    out[p.tokens[j] as number] = (upTo - below) / WORDS;
    below = upTo;
  }
  return out;
}
