import type { CheckResult, Finding, RowBatch } from '../types.ts';
import { assertRowBatch } from '../reference/arguments.ts';
import { checkResult } from './result.ts';

/**
 * Every row is non-decreasing (a CDF / prefix sum): reports, per row, the first index i with `x[i] < x[i−1]`
 * or a NaN at i, with both values. `checked` counts rows.
 */
export function isMonotoneNonDecreasing(b: RowBatch<Float32Array | Float64Array>): CheckResult {
  assertRowBatch(b, 'b');
  const findings: Finding[] = [];
  for (let r = 0; r < b.batch; r++) {
    const base = r * b.vocab;
    for (let i = 0; i < b.vocab; i++) {
      const value = b.data[base + i] as number;
      const previous = i === 0 ? -Infinity : (b.data[base + i - 1] as number);
      if (!(value >= previous)) {
        findings.push({
          row: r,
          index: i,
          message: Number.isNaN(value) ? 'NaN in a non-decreasing row' : 'value decreases',
          values: { previous: i === 0 ? null : previous, value },
        });
        break;
      }
    }
  }
  return checkResult('monotone-non-decreasing', findings, b.batch);
}
