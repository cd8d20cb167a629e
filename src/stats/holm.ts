/** Holm's step-down family-wise error control. */

export interface HolmResult {
  /** rejected[i] iff adjusted[i] ≤ alpha. */
  readonly rejected: boolean[];
  /** Holm-adjusted p-values, in the input order: max over j ≤ rank of min(1, (m − j + 1)·p_(j)). */
  readonly adjusted: number[];
}

export function holm(pValues: number[], alpha: number): HolmResult {
  if (!Array.isArray(pValues)) throw new TypeError('pValues must be an array of numbers in [0, 1]');
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  pValues.forEach((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new RangeError(`pValues[${i}] must be a number in [0, 1], got ${String(p)}`);
    }
  });
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted = new Array<number>(m).fill(0);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return { rejected: adjusted.map((a) => a <= alpha), adjusted };
}
