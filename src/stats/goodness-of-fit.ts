/** Shared result shape and driver for the chi-square and G goodness-of-fit tests. */
import { chiSquareSurvival } from './chi-square-distribution.ts';
import { prepareCells, type CellGroup, type ImpossibleCell, type MergeOptions } from './cell-merging.ts';

export interface GofResult {
  /** Test statistic over the merged cells (Infinity when `impossible`). */
  readonly statistic: number;
  /** cells − 1; 0 when everything merged into one cell (then pValue = 1: no evidence either way). */
  readonly df: number;
  /** Upper-tail chi-square p-value; 0 when `impossible`. */
  readonly pValue: number;
  /** Number of cells after merging and after dropping zero-probability cells. */
  readonly cells: number;
  /** Groups that pooled more than one original cell. */
  readonly merged: readonly CellGroup[];
  /** First zero-probability cell that received samples, or null. */
  readonly impossible: ImpossibleCell | null;
  /** Total number of samples. */
  readonly n: number;
}

export type CellStatistic = (groups: readonly CellGroup[]) => number;

export function goodnessOfFit(
  observed: ArrayLike<number>,
  expectedProbs: ArrayLike<number>,
  opts: MergeOptions | undefined,
  statisticOf: CellStatistic,
): GofResult {
  const { groups, total, impossible } = prepareCells(observed, expectedProbs, opts);
  const merged = groups.filter((g) => g.indices.length > 1);
  const df = groups.length - 1;
  if (impossible !== null) {
    return { statistic: Infinity, df, pValue: 0, cells: groups.length, merged, impossible, n: total };
  }
  const statistic = statisticOf(groups);
  const pValue = df === 0 ? 1 : chiSquareSurvival(statistic, df);
  return { statistic, df, pValue, cells: groups.length, merged, impossible, n: total };
}
