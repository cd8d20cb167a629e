/** Truncation of long histograms (a vocab of 128k cells) to what a reviewer can read. */

export const MAX_HISTOGRAM_CELLS = 40;

export interface TruncatedHistogram {
  readonly labels: string[];
  readonly observed: number[];
  readonly expected: number[];
}

/**
 * Keeps the `maxCells` cells with the largest max(observed, expected), in their original order, and sums the
 * rest into one "other" cell. Ranking by the larger of the two (not by expected alone) keeps a token the kernel
 * emits but the reference forbids visible: that is exactly the bug the chart exists to show.
 */
export function truncateHistogram(
  observed: readonly number[],
  expected: readonly number[],
  labels: readonly string[],
  maxCells = MAX_HISTOGRAM_CELLS,
): TruncatedHistogram {
  if (observed.length !== expected.length || labels.length !== observed.length) {
    throw new RangeError(
      `observed, expected and labels must have the same length, got ${observed.length}, ${expected.length}, ${labels.length}`,
    );
  }
  if (!Number.isInteger(maxCells) || maxCells < 1) throw new RangeError(`maxCells must be an integer ≥ 1, got ${maxCells}`);
  if (observed.length <= maxCells) return { labels: [...labels], observed: [...observed], expected: [...expected] };
  const weight = (i: number): number => Math.max(observed[i] ?? 0, expected[i] ?? 0);
  const order = observed.map((_, i) => i).sort((a, b) => weight(b) - weight(a) || a - b);
  const kept = order.slice(0, maxCells).sort((a, b) => a - b);
  const keptSet = new Set(kept);
  let otherObserved = 0;
  let otherExpected = 0;
  for (let i = 0; i < observed.length; i++) {
    if (keptSet.has(i)) continue;
    otherObserved += observed[i] ?? 0;
    otherExpected += expected[i] ?? 0;
  }
  return {
    labels: [...kept.map((i) => labels[i] ?? String(i)), 'other'],
    observed: [...kept.map((i) => observed[i] ?? 0), otherObserved],
    expected: [...kept.map((i) => expected[i] ?? 0), otherExpected],
  };
}
