/**
 * Chi-square cases on LLM-shaped rows (vocab 151,936, Zipf-like tail) and their power against tail loss: a kernel
 * that never samples the smallest-probability tokens holding the last TAIL_SHARE of the mass (the fp32 tail bug
 * class: weights quantized too coarsely, a CDF that stops short) must be caught with probability ≥ TAIL_POWER.
 *
 * Power (docs/statistics.md): the deviation is Q = P with the tail set to 0 and the rest renormalized. The test sees
 * the merged cells only (cell-merging.ts: cells pooled smallest expected count first, so the tail pools among
 * itself and the loss stays visible), so λ = n·Σ_cells (Q_c − P_c)²/P_c over those cells, df = cells − 1, and the
 * power is the noncentral chi-square survival beyond the level-alpha critical value (power.ts). The suites state it
 * at alpha = the family's alpha / m, the strictest threshold Holm can give a case.
 */
import type { ManifestEntry } from '../../src/manifest/index.ts';
import { DEFAULT_MIN_EXPECTED, mergeLowExpected, readProbabilities } from '../../src/stats/cell-merging.ts';
import { chiSquareCritical, noncentralChiSquareCdf, powerAtNoncentrality } from '../../src/stats/power.ts';
import type { RowBatch } from '../../src/types.ts';
import type { FilterParams } from './filter-of.ts';
import { distinctRows, type InputKind } from './sampling-inputs.ts';
import { watchdogShapes } from './sampling-shapes.ts';

/** Qwen2's vocabulary: the LLM shape of the tail-loss cases. */
export const LLM_VOCAB = 151_936;
/** The share of the mass, in the smallest-probability tokens, whose loss must be caught. */
export const TAIL_SHARE = 0.005;
/** The power at which it must be caught. */
export const TAIL_POWER = 0.99;
/**
 * Largest replicated input of one LLM-shaped chi-square launch (also capped at 1/16 of the device's memory): as many
 * fp32 elements as the largest watchdog shape, so no launch is bigger than one the watchdog budget is promised for
 * (a correct but slow kernel is not failed by a launch size of the harness's choosing). 1,725 rows of 151,936: 1e6
 * draws take 580 launches instead of 9,091 at the small cases' 64 MiB.
 */
export const LLM_MAX_INPUT_BYTES = 4 * Math.max(...watchdogShapes().map(([batch, vocab]) => batch * vocab));

/** One seeded LLM-shaped row (Zipf exponent 1.1 with noise: a long tail of small probabilities). */
export function llmShapedRow(kind: InputKind): RowBatch<Float32Array> {
  return distinctRows(kind, 1, LLM_VOCAB, 'chi-square-llm-shaped');
}

/**
 * Parameters that keep nearly the whole row eligible while still running the entry's filter (a no-op value may be
 * short-circuited): k = vocab − 1, p = 0.999, min_p = 1e-6, temperature 1. The tail then lies inside the
 * eligible set.
 */
export function tailCaseParams(entry: ManifestEntry, vocab: number): FilterParams {
  const k = vocab - 1;
  const p = Math.fround(0.999);
  switch (entry.reference.filter ?? 'none') {
    case 'none':
      return {};
    case 'top-k':
      return { k };
    case 'top-p':
      return { p };
    case 'min-p':
      return { minP: Math.fround(1e-6) };
    case 'top-k-top-p':
      return { k, p };
  }
}

/**
 * The tail: positive-probability tokens in ascending order of probability (ties by index), as many as together hold
 * at most `share` of the mass (so the loss the power is stated for never exceeds the share).
 */
export function tailTokens(expected: ArrayLike<number>, share: number): Int32Array {
  if (!(share > 0 && share < 1)) throw new RangeError(`share must be in (0, 1), got ${share}`);
  const p = readProbabilities(expected, 'expected');
  // a native numeric sort of the values finds the largest value still in the tail; indices follow in one pass
  const sorted = Float64Array.from(p.filter((x) => x > 0)).sort();
  let mass = 0;
  let fit = 0;
  while (fit < sorted.length && mass + (sorted[fit] as number) <= share) mass += sorted[fit++] as number;
  if (fit === 0) return new Int32Array(0);
  const last = sorted[fit - 1] as number;
  let atLast = fit - sorted.findIndex((x) => x === last); // how many tokens of value `last` fit, lowest indices first
  const tail: number[] = [];
  p.forEach((x, i) => {
    if (x > 0 && x < last) tail.push(i);
    else if (x === last && atLast > 0) {
      tail.push(i);
      atLast--;
    }
  });
  return Int32Array.from(tail);
}

interface TailLossPower {
  readonly power: number;
  /** 1 − power, computed from the lower tail so that it keeps its precision when the power rounds to 1. */
  readonly miss: number;
  readonly lambda: number;
  readonly df: number;
  /** Mass of the tail tokens (≤ share), and how many there are. */
  readonly lostMass: number;
  readonly tailTokens: number;
  readonly draws: number;
  readonly alpha: number;
}

interface TailLossModel {
  /** Power of the level-`alpha` test against losing the tail that holds `share` of the mass. */
  power(alpha: number, share?: number): TailLossPower;
  /** The smallest tail share caught with probability `power` at level `alpha` (bisection to 1 % of the share). */
  smallestShare(alpha: number, power?: number): number;
}

/** The Pearson test on the merged cells of `draws` draws from `expected` (cells depend on P and n only, not on Q). */
export function tailLossModel(expected: ArrayLike<number>, draws: number, minExpected = DEFAULT_MIN_EXPECTED): TailLossModel {
  if (!Number.isInteger(draws) || draws < 1) throw new RangeError(`draws must be an integer ≥ 1, got ${draws}`);
  const p = readProbabilities(expected, 'expected');
  const cells = mergeLowExpected(p.map((x) => x * draws), minExpected);
  if (cells.length < 2) throw new RangeError(`expected has ${cells.length} cell(s) after merging at ${draws} draws: nothing is testable`);
  const df = cells.length - 1;
  const power = (alpha: number, share = TAIL_SHARE): TailLossPower => {
    const tail = tailTokens(p, share);
    const lost = new Uint8Array(p.length);
    let lostMass = 0;
    for (const i of tail) {
      lost[i] = 1;
      lostMass += p[i] as number;
    }
    // Q_i = P_i / (1 − lost mass) off the tail, 0 on it
    let perDraw = 0;
    for (const cell of cells) {
      let pc = 0;
      let qc = 0;
      for (const i of cell) {
        pc += p[i] as number;
        if (lost[i] === 0) qc += (p[i] as number) / (1 - lostMass);
      }
      perDraw += (qc - pc) ** 2 / pc;
    }
    const lambda = draws * perDraw;
    const miss = noncentralChiSquareCdf(chiSquareCritical(df, alpha), df, lambda);
    return { power: powerAtNoncentrality(df, alpha, lambda), miss, lambda, df, lostMass, tailTokens: tail.length, draws, alpha };
  };
  const smallestShare = (alpha: number, target = TAIL_POWER): number => {
    let lo = 0;
    let hi = 0.5;
    if (power(alpha, hi).power < target) return Infinity;
    while (hi - lo > 0.01 * hi) {
      const mid = (lo + hi) / 2;
      if (power(alpha, mid).power >= target) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  return { power, smallestShare };
}

/** Power of the level-`alpha` Pearson test on the merged cells of `draws` draws against losing the tail. */
export function tailLossPower(args: { expected: ArrayLike<number>; draws: number; alpha: number; share?: number; minExpected?: number }): TailLossPower {
  return tailLossModel(args.expected, args.draws, args.minExpected).power(args.alpha, args.share);
}

/** One line for the console and the report. */
export function tailLossLine(name: string, t: TailLossPower): string {
  return `[chi-square] ${name}: power ${t.power.toFixed(6)} (miss probability ${t.miss.toExponential(2)}) against never sampling the last ${(TAIL_SHARE * 100).toFixed(1)} % of the mass (${t.tailTokens} tail tokens, lost mass ${t.lostMass.toExponential(3)}) at ${t.draws} draws, alpha ${t.alpha.toExponential(2)}, df ${t.df}, λ ${t.lambda.toFixed(0)}`;
}
