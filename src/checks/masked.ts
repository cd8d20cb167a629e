import type { CheckResult, Finding, RowBatch } from '../types.ts';
import { rowOf } from '../reference/arguments.ts';
import { isValidLogitRow, isValidProbRow } from '../reference/validity.ts';
import { checkResult, type RowKind } from './result.ts';
import { assertBatchTokens, isTokenIn, type Tokens } from './tokens-arg.ts';

/**
 * No valid row returns a masked token: probability 0 (`rows = 'probabilities'`) or logit −inf
 * (`rows = 'logits'`). Invalid rows and out-of-range tokens are left to validFlagsMatch / tokenInRange;
 * `checked` counts valid rows.
 */
export function neverSamplesMasked(
  b: RowBatch<Float32Array | Float64Array>,
  tokens: Tokens,
  rows: RowKind = 'probabilities',
): CheckResult {
  assertBatchTokens(b, tokens);
  const isValid = rows === 'logits' ? isValidLogitRow : isValidProbRow;
  const masked = rows === 'logits' ? -Infinity : 0;
  const findings: Finding[] = [];
  let checked = 0;
  for (let r = 0; r < b.batch; r++) {
    const row = rowOf(b, r);
    if (!isValid(row)) continue;
    checked++;
    const token = tokens[r] as number;
    if (!isTokenIn(token, b.vocab)) continue;
    if (row[token] === masked) {
      findings.push({
        row: r,
        index: token,
        message: `sampled a masked token (${rows === 'logits' ? 'logit −inf' : 'probability 0'})`,
        values: { token, value: row[token] as number },
      });
    }
  }
  return checkResult('never-samples-masked', findings, checked);
}
