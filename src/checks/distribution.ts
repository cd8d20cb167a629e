import type { CheckResult, Finding, RowBatch } from '../types.ts';
import { assertRowBatch, rowOf } from '../reference/arguments.ts';
import { checkResult } from './result.ts';

/**
 * Every row is a probability distribution: entries finite and ≥ 0, float64 sum within `tol` of 1. With `valid`
 * (a kernel's flags), rows flagged 0 must instead be all zeros (design.md). Reports the first bad entry of a row,
 * or its sum. `checked` counts rows.
 */
export function isValidDistribution(
  b: RowBatch<Float32Array | Float64Array>,
  tol: number,
  valid?: Int32Array,
): CheckResult {
  assertRowBatch(b, 'b');
  if (typeof tol !== 'number' || !(tol >= 0 && Number.isFinite(tol))) {
    throw new RangeError(`tol must be finite and >= 0, got ${String(tol)}`);
  }
  if (valid !== undefined && (!(valid instanceof Int32Array) || valid.length !== b.batch)) {
    throw new RangeError(`valid must be an Int32Array of length b.batch = ${b.batch}`);
  }
  const findings: Finding[] = [];
  for (let r = 0; r < b.batch; r++) {
    const row = rowOf(b, r);
    const flaggedInvalid = valid !== undefined && valid[r] === 0;
    let sum = 0;
    let bad = -1;
    for (let i = 0; i < row.length; i++) {
      const x = row[i] as number;
      if (flaggedInvalid ? x !== 0 : !(x >= 0 && Number.isFinite(x))) {
        bad = i;
        break;
      }
      sum += x;
    }
    if (bad >= 0) {
      findings.push({
        row: r,
        index: bad,
        message: flaggedInvalid ? 'non-zero entry in a row flagged invalid' : 'entry negative or not finite',
        values: { value: row[bad] as number },
      });
    } else if (!flaggedInvalid && !(Math.abs(sum - 1) <= tol)) {
      findings.push({ row: r, message: `row sum differs from 1 by more than ${tol}`, values: { sum, tol } });
    }
  }
  return checkResult('valid-distribution', findings, b.batch);
}
