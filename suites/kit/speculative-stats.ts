/**
 * The statistics of the speculative suite (docs/statistics.md applied to speculative sampling).
 *
 * Claim 1, the output law: for a draft token drawn from D_j, the token emitted at position j (the accepted draft,
 * the residual draw, or at j = draft the bonus draw) is distributed as T_j, given that position j is reached.
 * Draft tokens and uniforms of different positions and rows are independent, so the tokens at position j of the
 * rows that reach it are i.i.d. T_j: one chi-square case per (pair, position), all in one HypothesisFamily (Holm).
 * Claim 2, the acceptance rate: among rows that reach position j < draft, the number that accept it is
 * Binomial(reached, α_j), α_j = Σ_x P_D(x)·min(1, p_t(x)/p_d(x)) = Σ min(p_d, p_t) (positionLaw): one exact
 * two-sided binomial acceptance interval per (pair, position), Bonferroni over them.
 *
 * False-failure budget: the file's alpha (chi-square-plan.ts) is split in half, one half to each claim, so a
 * correct kernel fails this file with probability ≤ FILE_FAMILY_ALPHA. Power: every chi-square case states its
 * minimum detectable TV (HypothesisFamily) and every binomial its minimum detectable |Δα| at power 0.99.
 */
import jStat from 'jstat';
import { positionLaw } from '../../src/reference/speculative.ts';
import { binomialAcceptanceInterval, type CountInterval } from '../../src/stats/binomial-interval.ts';
import { DEFAULT_DETECTION_POWER, DEFAULT_MIN_DRAWS, HypothesisFamily, type CaseResult } from '../../src/stats/experiment/index.ts';
import { FILE_FAMILY_ALPHA } from './chi-square-plan.ts';
import type { SpeculativePair } from './speculative-inputs.ts';

/** One statistical case: a pair, replicated over many rows; every position listed is tested. */
export interface SpeculativeStatCase {
  readonly name: string;
  readonly pair: SpeculativePair;
  /** Positions (0..draft) whose emitted tokens are chi-square tested: each is reached by ≥ minDraws rows. */
  readonly positions: readonly number[];
}

/** Half of the file's alpha for each claim. */
export const CHI_SQUARE_ALPHA = FILE_FAMILY_ALPHA / 2;
const BINOMIAL_ALPHA = FILE_FAMILY_ALPHA / 2;
/** Rows are planned for this many times the draws the deepest tested position needs (its reach is random). */
const ROW_MARGIN = 1.05;

/** The law of one pair: acceptance α_j per draft position, and P(position j is reached) = Π_{i<j} α_i. */
function pairLaw(pair: SpeculativePair): { acceptance: number[]; reach: number[] } {
  const acceptance = Array.from({ length: pair.draft }, (_, j) =>
    positionLaw(pair.draftRows.subarray(j * pair.vocab, (j + 1) * pair.vocab), pair.targetRows.subarray(j * pair.vocab, (j + 1) * pair.vocab)).acceptance,
  );
  const reach = [1];
  for (const a of acceptance) reach.push((reach.at(-1) as number) * a);
  return { acceptance, reach };
}

/** Rows a case needs so that its deepest tested position expects ROW_MARGIN · minDraws draws. */
export function rowsFor(c: SpeculativeStatCase, minDraws = DEFAULT_MIN_DRAWS): number {
  const { reach } = pairLaw(c.pair);
  const deepest = Math.min(...c.positions.map((j) => reach[j] as number));
  if (!(deepest > 0)) throw new RangeError(`${c.name}: a tested position is never reached (reach 0)`);
  return Math.ceil((ROW_MARGIN * minDraws) / deepest);
}

/** Counts gathered from launches of one case (all rows hold its pair and valid inputs). */
export class CaseCounts {
  /** Per tested position: draws per token. */
  readonly tokens: Float64Array[];
  /** Per tested position: rows that reached it. */
  readonly reached: number[];
  /** Per draft position: rows that reached it, and of those the rows that accepted it. */
  readonly trials: number[];
  readonly accepts: number[];
  /** Rows the kernel flagged invalid (the inputs are valid: each one is a failure). */
  invalid = 0;
  rows = 0;

  constructor(readonly c: SpeculativeStatCase) {
    this.tokens = c.positions.map(() => new Float64Array(c.pair.vocab));
    this.reached = c.positions.map(() => 0);
    this.trials = Array.from({ length: c.pair.draft }, () => 0);
    this.accepts = Array.from({ length: c.pair.draft }, () => 0);
  }

  /** Adds one launch's outputs (tokens rows × (draft + 1), emitted and valid per row). */
  add(tokens: Int32Array, emitted: Int32Array, valid: Int32Array): void {
    const n = this.c.pair.draft;
    const vocab = this.c.pair.vocab;
    for (let r = 0; r < valid.length; r++) {
      this.rows++;
      if (valid[r] !== 1) {
        this.invalid++;
        continue;
      }
      const e = emitted[r] as number;
      for (let j = 0; j < n && j <= e; j++) {
        this.trials[j] = (this.trials[j] as number) + 1;
        if (e > j) this.accepts[j] = (this.accepts[j] as number) + 1;
      }
      this.c.positions.forEach((j, i) => {
        if (e < j) return;
        this.reached[i] = (this.reached[i] as number) + 1;
        const t = tokens[r * (n + 1) + j] as number;
        // an out-of-range token is left out: HypothesisFamily then fails the case on the missing count
        if (t >= 0 && t < vocab) (this.tokens[i] as Float64Array)[t] = ((this.tokens[i] as Float64Array)[t] as number) + 1;
      });
    }
  }
}

interface BinomialResult {
  readonly name: string;
  readonly trials: number;
  readonly accepts: number;
  readonly expected: number;
  readonly interval: CountInterval;
  /** Smallest |Δα| detected with probability 0.99 at this test's alpha. */
  readonly minDetectableDelta: number;
  readonly passed: boolean;
}

function logPmf(k: number, n: number, p: number): number {
  return jStat.loggam(n + 1) - jStat.loggam(k + 1) - jStat.loggam(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/** P(X ∉ interval) for X ~ Binomial(n, p). */
function rejectionProbability(n: number, p: number, interval: CountInterval): number {
  if (p <= 0) return interval.lo > 0 ? 1 : 0;
  if (p >= 1) return interval.hi < n ? 1 : 0;
  let inside = 0;
  for (let k = interval.lo; k <= interval.hi; k++) inside += Math.exp(logPmf(k, n, p));
  return Math.max(0, 1 - inside);
}

/** Smallest δ with power ≥ `power` against both p0 − δ and p0 + δ (bisection; a side outside [0, 1] is skipped). */
export function minDetectableDelta(n: number, p0: number, interval: CountInterval, power = DEFAULT_DETECTION_POWER): number {
  const powerAt = (d: number): number => Math.min(...[p0 - d, p0 + d].filter((p) => p >= 0 && p <= 1).map((p) => rejectionProbability(n, p, interval)));
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60 && hi - lo > 1e-9; i++) {
    const mid = (lo + hi) / 2;
    if (powerAt(mid) >= power) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Binomial acceptance test of every draft position of every case, Bonferroni over all of them. */
function binomialResults(counted: readonly CaseCounts[], alpha = BINOMIAL_ALPHA): BinomialResult[] {
  const tests = counted.flatMap((k) => pairLaw(k.c.pair).acceptance.map((a, j) => ({ k, j, a })).filter(({ k, j }) => (k.trials[j] as number) > 0));
  const each = alpha / Math.max(1, tests.length);
  return tests.map(({ k, j, a }) => {
    const trials = k.trials[j] as number;
    const accepts = k.accepts[j] as number;
    const interval = binomialAcceptanceInterval(trials, a, each);
    return {
      name: `${k.c.name} position ${j}`,
      trials,
      accepts,
      expected: a,
      interval,
      minDetectableDelta: minDetectableDelta(trials, a, interval),
      passed: accepts >= interval.lo && accepts <= interval.hi,
    };
  });
}

export interface SpeculativeStatReport {
  readonly chiSquare: readonly CaseResult[];
  readonly binomial: readonly BinomialResult[];
  /** Human-readable failures (empty when everything passed). */
  readonly failures: readonly string[];
}

/**
 * Decides both claims for the counted cases. The chi-square expectation of position j is T_j's fixed-point law
 * (q/Q), the law the kernel's sampling step draws from. `minDraws` is lowered only for CPU simulations of the method.
 */
export function evaluateSpeculative(counted: readonly CaseCounts[], seeds: ReadonlyMap<string, bigint>, minDraws = DEFAULT_MIN_DRAWS): SpeculativeStatReport {
  const failures: string[] = [];
  const family = new HypothesisFamily({ familyAlpha: CHI_SQUARE_ALPHA, minDraws });
  for (const k of counted) {
    if (k.invalid > 0) failures.push(`${k.c.name}: ${k.invalid} of ${k.rows} rows flagged invalid on valid inputs`);
    k.c.positions.forEach((j, i) => {
      const reached = k.reached[i] as number;
      const name = `${k.c.name} position ${j}`;
      if (reached < minDraws) {
        failures.push(`${name}: reached by ${reached} rows, fewer than the ${minDraws} planned (acceptance far below α)`);
        return;
      }
      const target = k.c.pair.targetRows.subarray(j * k.c.pair.vocab, (j + 1) * k.c.pair.vocab);
      const expected = Float64Array.from(target, (w) => Math.floor(w * 2 ** 32));
      const seed = seeds.get(k.c.name);
      family.add({ name, observed: k.tokens[i] as Float64Array, expected, draws: reached, ...(seed === undefined ? {} : { seed }) });
    });
  }
  const chiSquare = family.size > 0 ? family.evaluate().cases : [];
  for (const c of chiSquare) if (c.reason !== null) failures.push(`${c.name}: emitted tokens not distributed as the target (${c.reason}, p=${c.pValue.toExponential(3)}, Holm-adjusted ${c.holmAdjusted.toExponential(3)})`);
  const binomial = binomialResults(counted);
  for (const b of binomial) {
    if (!b.passed) failures.push(`${b.name}: acceptance ${b.accepts} of ${b.trials} outside [${b.interval.lo}, ${b.interval.hi}] for α = Σ min(p_d, p_t) = ${b.expected.toFixed(6)}`);
  }
  return { chiSquare, binomial, failures };
}
