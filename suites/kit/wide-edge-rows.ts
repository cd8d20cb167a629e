/**
 * Edge rows several row tiles wide. The shipped kernels walk a row in tiles of ROW_TILE entries (512 threads × 4
 * items, kernels/include/row_tiles.h) and load four tiles at a time, with float4 loads only when vocab % 4 = 0; a
 * row whose few entries that matter sit on tile and load-group boundaries, in the tail tile, or in the second
 * group catches a kernel that mishandles any of them (a lost carry between tiles, a tail tile skipped, a pad value
 * that leaks, NaN from (−inf) − (−inf) in a thread whose items are all −inf). Every value is exact in fp32.
 */

/** Entries per row tile of the shipped kernels. */
export const ROW_TILE = 2048;
/** Five tiles and 3: two load groups, scalar loads (vocab % 4 ≠ 0), a three-entry tail tile. */
export const WIDE_VOCAB_SCALAR = 5 * ROW_TILE + 3;
/** Five tiles exactly: float4 loads. */
export const WIDE_VOCAB_VECTOR = 5 * ROW_TILE;
/** Two tiles and 3, odd: special values spread over three tiles. */
export const SPECIAL_VOCAB = 2 * ROW_TILE + 3;

/** A row of `fill` with `entries` ([index, value]) set; an index past the row is a RangeError. */
export function sparseRow(vocab: number, fill: number, entries: readonly (readonly [number, number])[]): Float32Array {
  const row = new Float32Array(vocab).fill(fill);
  for (const [i, v] of entries) {
    if (!Number.isInteger(i) || i < 0 || i >= vocab) throw new RangeError(`sparse row entry index must be in [0, ${vocab - 1}], got ${i}`);
    if (Math.fround(v) !== v && !Number.isNaN(v)) throw new RangeError(`sparse row entry ${i} (${v}) is not an fp32 value`);
    row[i] = v;
  }
  return row;
}

/**
 * Probability rows, each summing to exactly 1: mass on tile and group boundaries and on the last entry; all mass
 * on the last entry (tail tile only); all mass in the second load group.
 */
export function sparseProbRows(vocab: number): Float32Array[] {
  const last = vocab - 1;
  const group2 = 4 * ROW_TILE;
  return [
    sparseRow(vocab, 0, [[ROW_TILE - 1, 0.5], [ROW_TILE, 0.25], [3 * ROW_TILE - 1, 0.125], [group2, 0.0625], [last, 0.0625]]),
    sparseRow(vocab, 0, [[last, 1]]),
    sparseRow(vocab, 0, [[group2 + 5, 0.75], [last - 1, 0.25]]),
  ];
}

/** Logit rows of −inf with a few finite entries at the same places: valid rows whose maximum sits in a late tile. */
export function sparseLogitRows(vocab: number): Float32Array[] {
  const last = vocab - 1;
  const group2 = 4 * ROW_TILE;
  return [
    sparseRow(vocab, -Infinity, [[ROW_TILE - 1, 0], [ROW_TILE, -1], [3 * ROW_TILE - 1, 3], [group2, 2.5], [last, 1]]),
    sparseRow(vocab, -Infinity, [[last, 0]]),
    sparseRow(vocab, -Infinity, [[group2 + 8, -2], [group2 + ROW_TILE / 2, -3]]),
  ];
}

/**
 * Probability rows with one entry the contract rejects, in a late tile, beside valid mass: a negative entry, NaN,
 * +inf, −inf, an entry above 1; and a row whose only mass (2^-40) quantizes to 0. All are invalid probability
 * rows; the prefix sum accepts the entry above 1 and the tiny one (finite, ≥ 0) and flags the others.
 */
export function invalidEntryProbRows(vocab: number): Float32Array[] {
  const mass: [number, number][] = [[0, 0.5], [ROW_TILE + 7, 0.25]];
  return [
    sparseRow(vocab, 0, [...mass, [vocab - 3, -0.0625]]),
    sparseRow(vocab, 0, [...mass, [vocab - 1, NaN]]),
    sparseRow(vocab, 0, [...mass, [2 * ROW_TILE, Infinity]]),
    sparseRow(vocab, 0, [...mass, [ROW_TILE - 1, -Infinity]]),
    sparseRow(vocab, 0, [...mass, [vocab - 2, 2]]),
    sparseRow(vocab, 0, [[vocab - 1, 2 ** -40]]),
  ];
}

/**
 * Logit rows with negative and special values over three tiles: all negative; magnitudes near −FLT_MAX (x / T
 * overflows to −inf for T < 1) beside one −1; NaN in the tail tile; +inf at a tile start; −inf everywhere but the
 * last entry; +inf among −inf; all −inf. Valid, valid, invalid, invalid, valid, invalid, invalid.
 */
export function specialLogitRows(vocab: number): Float32Array[] {
  const negative = Float32Array.from({ length: vocab }, (_v, i) => -50 - (i % 97) / 8);
  const nearMax = Float32Array.from({ length: vocab }, (_v, i) => (i % 2 === 0 ? -3e38 : -1e30));
  nearMax[vocab - 100] = -1;
  const withNaN = negative.slice();
  withNaN[vocab - 2] = NaN;
  const withInf = negative.slice();
  withInf[ROW_TILE] = Infinity;
  return [
    negative,
    Float32Array.from(nearMax),
    withNaN,
    withInf,
    sparseRow(vocab, -Infinity, [[vocab - 1, -7]]),
    sparseRow(vocab, -Infinity, [[ROW_TILE + 1, Infinity]]),
    new Float32Array(vocab).fill(-Infinity),
  ];
}
