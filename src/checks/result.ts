import type { CheckResult, Finding } from '../types.ts';

/** Builds a CheckResult: ok iff there are no findings. */
export function checkResult(stage: string, findings: readonly Finding[], checked: number): CheckResult {
  return { stage, ok: findings.length === 0, detail: { findings, checked } };
}

/** Which validity rule a batch's rows follow. */
export type RowKind = 'probabilities' | 'logits';
