/** Likelihood-ratio (G) goodness-of-fit test with the merging rule of cell-merging.ts. */
import type { MergeOptions } from './cell-merging.ts';
import { goodnessOfFit, type GofResult } from './goodness-of-fit.ts';

/** G = 2 Σ O ln(O / E) over merged cells (a cell with O = 0 contributes 0); p from χ²(cells − 1). */
export function gTestGof(
  observed: ArrayLike<number>,
  expectedProbs: ArrayLike<number>,
  opts?: MergeOptions,
): GofResult {
  return goodnessOfFit(observed, expectedProbs, opts, (groups) => {
    const g = 2 * groups.reduce((s, c) => s + (c.observed > 0 ? c.observed * Math.log(c.observed / c.expected) : 0), 0);
    // Rounding can leave a tiny negative value for a perfect fit; the statistic is ≥ 0 by Gibbs' inequality.
    return Math.max(0, g);
  });
}
