/**
 * Two-sided acceptance interval of a Binomial(trials, p) count: the tightest [lo, hi] with
 * P(X < lo) ≤ alpha/2 and P(X > hi) ≤ alpha/2, so a correct rate lands outside with probability ≤ alpha.
 * Used to compare an observed rejection count with a predicted rate at a stated false-failure rate.
 */
import jStat from 'jstat';

export interface CountInterval {
  readonly lo: number;
  readonly hi: number;
}

export function binomialAcceptanceInterval(trials: number, p: number, alpha: number): CountInterval {
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`trials must be an integer >= 1, got ${trials}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (p === 0) return { lo: 0, hi: 0 };
  if (p === 1) return { lo: trials, hi: trials };
  const logChoose = (k: number): number => jStat.loggam(trials + 1) - jStat.loggam(k + 1) - jStat.loggam(trials - k + 1);
  const pmf = Array.from({ length: trials + 1 }, (_, k) =>
    Math.exp(logChoose(k) + k * Math.log(p) + (trials - k) * Math.log1p(-p)),
  );
  let lo = 0;
  let below = 0;
  while (lo < trials && below + (pmf[lo] as number) <= alpha / 2) below += pmf[lo++] as number;
  let hi = trials;
  let above = 0;
  while (hi > 0 && above + (pmf[hi] as number) <= alpha / 2) above += pmf[hi--] as number;
  return { lo, hi };
}
