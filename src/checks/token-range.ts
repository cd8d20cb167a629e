import type { CheckResult, Finding } from '../types.ts';
import { assertInteger } from '../reference/arguments.ts';
import { checkResult } from './result.ts';

/** Every token is an integer in [0, vocab): reports each row whose token is not. `checked` counts tokens. */
export function tokenInRange(tokens: Int32Array, vocab: number): CheckResult {
  if (!(tokens instanceof Int32Array)) throw new TypeError('tokens must be an Int32Array');
  assertInteger(vocab, 'vocab', 1, Number.MAX_SAFE_INTEGER);
  const findings: Finding[] = [];
  for (let r = 0; r < tokens.length; r++) {
    const token = tokens[r] as number;
    if (token < 0 || token >= vocab) {
      findings.push({ row: r, index: token, message: `token outside [0, ${vocab})`, values: { token, vocab } });
    }
  }
  return checkResult('token-in-range', findings, tokens.length);
}
