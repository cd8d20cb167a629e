import { INVALID_ROW_TOKEN } from '../types.ts';
import { assertRow } from './arguments.ts';

/**
 * Greedy decoding: the lowest index among the maxima of the row.
 *
 * Works on logits or probabilities. A row containing NaN or +inf, or with no finite entry, returns
 * INVALID_ROW_TOKEN (for probability rows, check `isValidProbRow` separately: an all-zero row is also invalid and
 * returns 0 here by the lowest-index rule, which is INVALID_ROW_TOKEN too).
 */
export function argmax(row: ArrayLike<number>): number {
  assertRow(row);
  let best = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < row.length; i++) {
    const x = row[i] as number;
    if (Number.isNaN(x) || x === Infinity) return INVALID_ROW_TOKEN;
    // Strict '>' keeps the lowest index among equal maxima.
    if (x > bestValue) {
      bestValue = x;
      best = i;
    }
  }
  return best < 0 ? INVALID_ROW_TOKEN : best;
}
