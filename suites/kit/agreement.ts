/**
 * Element-wise agreement of a kernel's output with the reference: |got − want| ≤ abs + rel·|want| (abs = rel = 0:
 * bit for bit; −inf must match −inf; NaN matches NaN, since outputs that pass NaN through cannot be compared
 * otherwise and NaN payloads are not specified). Reports the first disagreement per row, with both values.
 * `checked` counts rows.
 */
import { checkResult } from '../../src/checks/index.ts';
import type { CheckResult, Finding } from '../../src/types.ts';

export function agreesWithReference(stage: string, got: Float32Array, want: ArrayLike<number>, vocab: number, tol: { abs: number; rel: number }): CheckResult {
  const findings: Finding[] = [];
  const batch = got.length / vocab;
  for (let r = 0; r < batch; r++) {
    for (let i = 0; i < vocab; i++) {
      const g = got[r * vocab + i] as number;
      const w = want[r * vocab + i] as number;
      const ok = g === w || (Number.isNaN(g) && Number.isNaN(w)) || Math.abs(g - w) <= tol.abs + tol.rel * Math.abs(w);
      if (!ok) {
        findings.push({ row: r, index: i, message: `${stage}: kernel output differs from the reference beyond abs ${tol.abs} + rel ${tol.rel}`, values: { got: g, want: w } });
        break;
      }
    }
  }
  return checkResult(stage, findings, batch);
}
