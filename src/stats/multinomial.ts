/** Seeded multinomial sampling for simulations (inverse CDF with binary search per draw). */
import { readProbabilities } from './cell-merging.ts';

/** Counts of `n` independent draws from `probs` (normalized), using `random()` ∈ [0, 1) as the source. */
export function sampleMultinomial(probs: ArrayLike<number>, n: number, random: () => number): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be an integer >= 0, got ${n}`);
  const p = readProbabilities(probs, 'probs');
  const cumulative = new Float64Array(p.length);
  let acc = 0;
  p.forEach((pi, i) => {
    acc += pi;
    cumulative[i] = acc;
  });
  // Last non-empty cell absorbs rounding so u close to 1 never falls past the end or onto a zero cell.
  let lastPositive = p.length - 1;
  while ((p[lastPositive] as number) === 0) lastPositive--;
  cumulative.fill(Infinity, lastPositive);
  const counts = new Array<number>(p.length).fill(0);
  for (let draw = 0; draw < n; draw++) {
    const u = random();
    let lo = 0;
    let hi = lastPositive;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u < (cumulative[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    counts[lo] = (counts[lo] as number) + 1;
  }
  return counts;
}
