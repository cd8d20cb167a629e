import type { CheckResult, Finding } from '../types.ts';
import { checkResult } from './result.ts';
import { assertTokens, type Tokens } from './tokens-arg.ts';

/**
 * Two runs with the same inputs and (seed, offset) returned the same tokens: lists every differing row. A length
 * mismatch is one finding at the first row present in only one run. `checked` counts compared rows.
 */
export function sameTokens(a: Tokens, b: Tokens): CheckResult {
  assertTokens(a, 'a');
  assertTokens(b, 'b');
  const findings: Finding[] = [];
  const n = Math.min(a.length, b.length);
  for (let r = 0; r < n; r++) {
    if (a[r] !== b[r]) {
      findings.push({ row: r, message: 'runs disagree', values: { a: a[r] as number, b: b[r] as number } });
    }
  }
  if (a.length !== b.length) {
    findings.push({ row: n, message: 'runs returned different numbers of rows', values: { a: a.length, b: b.length } });
  }
  return checkResult('same-tokens', findings, n);
}
