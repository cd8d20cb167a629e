/** Pearson's chi-square goodness-of-fit test with the merging rule of cell-merging.ts. */
import type { MergeOptions } from './cell-merging.ts';
import { goodnessOfFit, type GofResult } from './goodness-of-fit.ts';

/** X² = Σ (O − E)² / E over merged cells; p-value from the χ²(cells − 1) upper tail. */
export function chiSquareGof(
  observed: ArrayLike<number>,
  expectedProbs: ArrayLike<number>,
  opts?: MergeOptions,
): GofResult {
  return goodnessOfFit(observed, expectedProbs, opts, (groups) =>
    groups.reduce((s, g) => s + (g.observed - g.expected) ** 2 / g.expected, 0),
  );
}
