import type { CheckResult, Finding } from '../types.ts';
import { assertInteger } from '../reference/arguments.ts';
import { checkResult } from './result.ts';
import { assertTokens, isTokenIn, type Tokens } from './tokens-arg.ts';

/**
 * Every token is an integer in [0, vocab): reports each row whose token is not. `rows` (default: every row)
 * restricts the check to the rows whose result is specified. `checked` counts the tokens examined.
 */
export function tokenInRange(tokens: Tokens, vocab: number, rows?: (row: number) => boolean): CheckResult {
  assertTokens(tokens);
  assertInteger(vocab, 'vocab', 1, Number.MAX_SAFE_INTEGER);
  const findings: Finding[] = [];
  let checked = 0;
  for (let r = 0; r < tokens.length; r++) {
    if (rows !== undefined && !rows(r)) continue;
    checked++;
    const token = tokens[r] as number;
    if (!isTokenIn(token, vocab)) {
      findings.push({ row: r, index: token, message: `token outside [0, ${vocab})`, values: { token, vocab } });
    }
  }
  return checkResult('token-in-range', findings, checked);
}
