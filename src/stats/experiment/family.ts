/**
 * A family of goodness-of-fit hypotheses ("this kernel samples the reference's filtered distribution"), one per
 * case, decided together so that the chance of any false failure in the whole family is at most `familyAlpha`.
 *
 * Decision: Pearson's chi-square p-value per case (cells with expected count < minExpected merged, see
 * ../cell-merging.ts), Holm's step-down at `familyAlpha` (valid under any dependence between cases). The G-test
 * is computed on the same cells and reported as a secondary statistic; it does not enter the decision, so the
 * family rate stays as stated.
 *
 * Definite failures, regardless of Holm (they cannot happen to a correct kernel, whatever the seed):
 *  - a draw landed on a token whose expected probability is 0 (`impossible`): a filter let through a token it
 *    must exclude, or the kernel wrote a token it was never allowed to;
 *  - the counts do not add up to the draws made: some draws were invalid or out of [0, vocab) on a valid row.
 *
 * Sensitivity: each case states the smallest total-variation bias it detects with probability `power` (0.99)
 * for every deviation shape, at the worst alpha Holm can assign a case, familyAlpha / m (../power.ts).
 */
import { chiSquareGof } from '../chi-square.ts';
import { gTestGof } from '../g-test.ts';
import { holm } from '../holm.ts';
import { requiredNoncentrality } from '../power.ts';
import { DEFAULT_MIN_EXPECTED, mergeLowExpected, readProbabilities, type ImpossibleCell } from '../cell-merging.ts';
import { toHex64 } from './seeds.ts';

export const DEFAULT_FAMILY_ALPHA = 1e-4;
export const DEFAULT_DETECTION_POWER = 0.99;
/** The product owner's floor: at least a million draws per distribution. */
export const DEFAULT_MIN_DRAWS = 1_000_000;

export interface HypothesisCase {
  /** Unique within the family; names the case in the report. */
  readonly name: string;
  /** Valid draws per token (non-negative integers). */
  readonly observed: ArrayLike<number>;
  /** The reference's filtered distribution for the row (any finite non-negative weights with a positive total). */
  readonly expected: ArrayLike<number>;
  /** Draws made (rows × launches); the observed counts must add up to it. */
  readonly draws: number;
  /** The Philox seed used, recorded in the result. */
  readonly seed?: bigint;
}

export interface FamilyOptions {
  /** Family-wise false-failure rate, in (0, 1); default 1e-4. */
  readonly familyAlpha?: number;
  /** Power at which minDetectableTv is stated, in (0, 1); default 0.99. */
  readonly power?: number;
  /** Fewest draws a case may have; default 1e6. Lower it only for simulations of the method itself. */
  readonly minDraws?: number;
  /** Merging threshold for expected counts; default 5. */
  readonly minExpected?: number;
}

export type FailureReason = 'holm' | 'impossible-token' | 'draw-count-mismatch';

export interface CaseResult {
  readonly name: string;
  /** Pearson X² over the merged cells (Infinity when a zero-probability token was drawn). */
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
  /** Secondary: likelihood-ratio G on the same cells, and its p-value. Not part of the decision. */
  readonly gStatistic: number;
  readonly gPValue: number;
  readonly holmAdjusted: number;
  readonly rejected: boolean;
  /** Why the case failed: a definite failure takes precedence over 'holm'; null when it passed. */
  readonly reason: FailureReason | null;
  readonly draws: number;
  readonly observedDraws: number;
  /** Smallest TV bias detected with probability `detectionPower` at `detectionAlpha`; null when df = 0. */
  readonly minDetectableTv: number | null;
  readonly detectionAlpha: number;
  readonly detectionPower: number;
  readonly impossible: ImpossibleCell | null;
  /** Groups of low-expected tokens pooled into one cell. */
  readonly mergedGroups: number;
  readonly seed: string | null;
}

export interface FamilySummary {
  readonly familyAlpha: number;
  readonly cases: number;
  readonly rejected: number;
  readonly passed: boolean;
  /** familyAlpha / m: the alpha at which every case's minDetectableTv is stated. */
  readonly detectionAlpha: number;
  readonly detectionPower: number;
  readonly minDraws: number;
  /** Largest minDetectableTv over the cases (the family's weakest guarantee); null if no case is testable. */
  readonly worstMinDetectableTv: number | null;
}

export interface FamilyReport {
  readonly cases: readonly CaseResult[];
  readonly summary: FamilySummary;
}

interface PreparedCase {
  readonly input: HypothesisCase;
  readonly probs: readonly number[];
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
  readonly gStatistic: number;
  readonly gPValue: number;
  readonly observedDraws: number;
  readonly impossible: ImpossibleCell | null;
  readonly mergedGroups: number;
}

function openUnitInterval(v: number | undefined, fallback: number, name: string): number {
  const x = v ?? fallback;
  if (!(x > 0 && x < 1)) throw new RangeError(`${name} must be in (0, 1), got ${String(x)}`);
  return x;
}

function sumCounts(observed: ArrayLike<number>, name: string): number {
  let total = 0;
  for (let i = 0; i < observed.length; i++) {
    const v = observed[i] as number;
    if (!Number.isInteger(v) || v < 0) {
      throw new RangeError(`case "${name}": observed[${i}] must be a non-negative integer count, got ${String(v)}`);
    }
    total += v;
  }
  return total;
}

export class HypothesisFamily {
  readonly familyAlpha: number;
  readonly power: number;
  readonly minDraws: number;
  readonly minExpected: number;
  private readonly prepared: PreparedCase[] = [];

  constructor(opts: FamilyOptions = {}) {
    this.familyAlpha = openUnitInterval(opts.familyAlpha, DEFAULT_FAMILY_ALPHA, 'familyAlpha');
    this.power = openUnitInterval(opts.power, DEFAULT_DETECTION_POWER, 'power');
    this.minDraws = opts.minDraws ?? DEFAULT_MIN_DRAWS;
    if (!Number.isInteger(this.minDraws) || this.minDraws < 1) {
      throw new RangeError(`minDraws must be an integer >= 1, got ${String(opts.minDraws)}`);
    }
    this.minExpected = opts.minExpected ?? DEFAULT_MIN_EXPECTED;
    if (!(Number.isFinite(this.minExpected) && this.minExpected > 0)) {
      throw new RangeError(`minExpected must be a finite number > 0, got ${String(opts.minExpected)}`);
    }
  }

  get size(): number {
    return this.prepared.length;
  }

  /** Validates the case and computes its statistics now, so a bad case is reported where it was added. */
  add(c: HypothesisCase): this {
    if (typeof c.name !== 'string' || c.name.length === 0) throw new TypeError('case name must be a non-empty string');
    if (this.prepared.some((p) => p.input.name === c.name)) throw new RangeError(`case name "${c.name}" is already in the family`);
    if (!Number.isInteger(c.draws) || c.draws < this.minDraws) {
      throw new RangeError(`case "${c.name}": draws must be an integer >= minDraws = ${this.minDraws}, got ${String(c.draws)}`);
    }
    if (c.observed.length !== c.expected.length) {
      throw new RangeError(
        `case "${c.name}": observed and expected must have the same length, got ${c.observed.length} and ${c.expected.length}`,
      );
    }
    const probs = readProbabilities(c.expected, `case "${c.name}": expected`);
    const observedDraws = sumCounts(c.observed, c.name);
    this.prepared.push(observedDraws === 0 ? nothingObserved(c, probs) : testCase(c, probs, observedDraws, this.minExpected));
    return this;
  }

  evaluate(): FamilyReport {
    const m = this.prepared.length;
    if (m === 0) throw new RangeError('the family has no cases: add at least one before evaluate()');
    const detectionAlpha = this.familyAlpha / m;
    const { adjusted, rejected } = holm(
      this.prepared.map((p) => p.pValue),
      this.familyAlpha,
    );
    const cases = this.prepared.map((p, i): CaseResult => {
      const reason: FailureReason | null =
        p.impossible !== null
          ? 'impossible-token'
          : p.observedDraws !== p.input.draws
            ? 'draw-count-mismatch'
            : rejected[i] === true
              ? 'holm'
              : null;
      return {
        name: p.input.name,
        statistic: p.statistic,
        df: p.df,
        pValue: p.pValue,
        gStatistic: p.gStatistic,
        gPValue: p.gPValue,
        holmAdjusted: adjusted[i] as number,
        rejected: reason !== null,
        reason,
        draws: p.input.draws,
        observedDraws: p.observedDraws,
        minDetectableTv: this.detectableTv(p, detectionAlpha),
        detectionAlpha,
        detectionPower: this.power,
        impossible: p.impossible,
        mergedGroups: p.mergedGroups,
        seed: p.input.seed === undefined ? null : toHex64(p.input.seed),
      };
    });
    const tvs = cases.flatMap((c) => (c.minDetectableTv === null ? [] : [c.minDetectableTv]));
    const failed = cases.filter((c) => c.rejected).length;
    return {
      cases,
      summary: {
        familyAlpha: this.familyAlpha,
        cases: m,
        rejected: failed,
        passed: failed === 0,
        detectionAlpha,
        detectionPower: this.power,
        minDraws: this.minDraws,
        worstMinDetectableTv: tvs.length === 0 ? null : Math.max(...tvs),
      },
    };
  }

  /**
   * `minDetectableTv` of ../power.ts (δ = sqrt(λ_req / 4n), df from merging the expected counts n·p), stated at
   * the draws made; λ_req depends only on (df, alpha, power) and is memoized, since simulations evaluate
   * thousands of families.
   */
  private detectableTv(p: PreparedCase, alpha: number): number | null {
    const n = p.input.draws;
    const cells = mergeLowExpected(p.probs.map((x) => x * n), this.minExpected).length;
    if (cells < 2) return null;
    return Math.sqrt(requiredLambda(cells - 1, alpha, this.power) / (4 * n));
  }
}

const lambdaMemo = new Map<string, number>();

function requiredLambda(df: number, alpha: number, power: number): number {
  const key = `${df}/${alpha}/${power}`;
  let lambda = lambdaMemo.get(key);
  if (lambda === undefined) {
    lambda = requiredNoncentrality(df, alpha, power);
    lambdaMemo.set(key, lambda);
  }
  return lambda;
}

function testCase(c: HypothesisCase, probs: readonly number[], observedDraws: number, minExpected: number): PreparedCase {
  const pearson = chiSquareGof(c.observed, probs, { minExpected });
  const g = gTestGof(c.observed, probs, { minExpected });
  return {
    input: c,
    probs,
    statistic: pearson.statistic,
    df: pearson.df,
    pValue: pearson.pValue,
    gStatistic: g.statistic,
    gPValue: g.pValue,
    observedDraws,
    impossible: pearson.impossible,
    mergedGroups: pearson.merged.length,
  };
}

/** Every draw was lost (invalid or out of range): no statistic exists, the case is a definite failure. */
function nothingObserved(c: HypothesisCase, probs: readonly number[]): PreparedCase {
  return {
    input: c,
    probs,
    statistic: Infinity,
    df: 0,
    pValue: 0,
    gStatistic: Infinity,
    gPValue: 0,
    observedDraws: 0,
    impossible: null,
    mergedGroups: 0,
  };
}
