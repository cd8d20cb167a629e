/**
 * Input checks and low-expected-count merging shared by the goodness-of-fit tests.
 *
 * Rule: cells with expected count 0 are set aside (a sample there makes the test `impossible`, p = 0).
 * The others are sorted by expected count ascending (ties by index) and accumulated smallest first into a
 * group until the group's expected count reaches `minExpected`; then a new group starts. A last group still
 * below `minExpected` is folded into the group before it. Cells that already meet the threshold stay alone,
 * so merging only touches the low tail, and every resulting cell has expected ≥ minExpected unless the whole
 * row's expected count is below it (then there is one cell and df = 0). A cell that meets the threshold by
 * itself stays alone unless a pool is still open when it comes up in ascending order: it then closes that pool,
 * the smallest addition that does.
 */

/** One cell of the test after merging: the original indices it covers and its pooled counts. */
export interface CellGroup {
  readonly indices: readonly number[];
  readonly observed: number;
  readonly expected: number;
}

/** A sample fell on a zero-probability cell: a definite failure, reported with the first such index. */
export interface ImpossibleCell {
  readonly index: number;
  readonly observed: number;
}

export interface PreparedCells {
  readonly groups: readonly CellGroup[];
  /** Total number of samples n. */
  readonly total: number;
  readonly impossible: ImpossibleCell | null;
}

export interface MergeOptions {
  /** Smallest expected count a cell may have before it is merged; default 5. */
  readonly minExpected?: number;
}

export const DEFAULT_MIN_EXPECTED = 5;

function readCounts(observed: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < observed.length; i++) {
    const v = observed[i] as number;
    if (!Number.isInteger(v) || v < 0) {
      throw new RangeError(`observed[${i}] must be a non-negative integer count, got ${String(v)}`);
    }
    out.push(v);
  }
  return out;
}

/** Validates and normalizes the expected weights to probabilities (any positive finite total is accepted). */
export function readProbabilities(expectedProbs: ArrayLike<number>, name = 'expectedProbs'): number[] {
  let sum = 0;
  for (let i = 0; i < expectedProbs.length; i++) {
    const v = expectedProbs[i] as number;
    if (!Number.isFinite(v) || v < 0) {
      throw new RangeError(`${name}[${i}] must be a finite number >= 0, got ${String(v)}`);
    }
    sum += v;
  }
  if (!(sum > 0) || !Number.isFinite(sum)) {
    throw new RangeError(`${name} must have a finite total > 0, got ${sum}`);
  }
  return Array.from(expectedProbs, (v) => v / sum);
}

export function readMinExpected(opts: MergeOptions | undefined): number {
  const m = opts?.minExpected ?? DEFAULT_MIN_EXPECTED;
  if (!Number.isFinite(m) || m < 0) throw new RangeError(`minExpected must be a finite number >= 0, got ${m}`);
  return m;
}

/** Groups cells by the rule in the file comment, given expected counts (n·p) per cell. */
export function mergeLowExpected(expectedCounts: readonly number[], minExpected: number): number[][] {
  const order = expectedCounts
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e > 0)
    .sort((a, b) => a.e - b.e || a.i - b.i);
  const groups: { indices: number[]; expected: number }[] = [];
  let open: { indices: number[]; expected: number } | null = null;
  for (const { e, i } of order) {
    open ??= { indices: [], expected: 0 };
    open.indices.push(i);
    open.expected += e;
    if (open.expected >= minExpected) {
      groups.push(open);
      open = null;
    }
  }
  if (open !== null) {
    const last = groups.at(-1);
    if (last === undefined) groups.push(open);
    else {
      last.indices.push(...open.indices);
      last.expected += open.expected;
    }
  }
  return groups.map((g) => g.indices.sort((a, b) => a - b));
}

export function prepareCells(
  observed: ArrayLike<number>,
  expectedProbs: ArrayLike<number>,
  opts?: MergeOptions,
): PreparedCells {
  const counts = readCounts(observed);
  const probs = readProbabilities(expectedProbs);
  if (counts.length !== probs.length) {
    throw new RangeError(
      `observed and expectedProbs must have the same length, got ${counts.length} and ${probs.length}`,
    );
  }
  const minExpected = readMinExpected(opts);
  const total = counts.reduce((s, c) => s + c, 0);
  if (total === 0) throw new RangeError('observed must contain at least one sample (total count is 0)');
  const zeroHit = counts.findIndex((c, i) => c > 0 && probs[i] === 0);
  const impossible = zeroHit >= 0 ? { index: zeroHit, observed: counts[zeroHit] as number } : null;
  const expectedCounts = probs.map((p) => p * total);
  const groups = mergeLowExpected(expectedCounts, minExpected).map((indices) => ({
    indices,
    observed: indices.reduce((s, i) => s + (counts[i] as number), 0),
    expected: indices.reduce((s, i) => s + (expectedCounts[i] as number), 0),
  }));
  return { groups, total, impossible };
}
