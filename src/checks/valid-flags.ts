import { INVALID_ROW_TOKEN, type CheckResult, type Finding, type RowBatch } from '../types.ts';
import { assertRowBatch, rowOf } from '../reference/arguments.ts';
import { isValidLogitRow, isValidProbRow } from '../reference/validity.ts';
import { checkResult, type RowKind } from './result.ts';
import { assertTokens, type Tokens } from './tokens-arg.ts';

/**
 * A kernel's `valid` flags are 1 exactly on valid rows and 0 exactly on invalid ones (design.md rules for
 * `rows`), and, given `tokens`, invalid rows carry INVALID_ROW_TOKEN. `checked` counts rows.
 */
export function validFlagsMatch(
  b: RowBatch<Float32Array | Float64Array>,
  valid: Int32Array | Uint32Array,
  options: { readonly tokens?: Tokens; readonly rows?: RowKind } = {},
): CheckResult {
  assertRowBatch(b, 'b');
  if (!(valid instanceof Int32Array || valid instanceof Uint32Array) || valid.length !== b.batch) {
    throw new RangeError(`valid must be an Int32Array or Uint32Array of length b.batch = ${b.batch}`);
  }
  const { tokens, rows = 'probabilities' } = options;
  if (tokens !== undefined) {
    assertTokens(tokens, 'options.tokens');
    if (tokens.length !== b.batch) throw new RangeError(`options.tokens must have length b.batch = ${b.batch}, got ${tokens.length}`);
  }
  const isValid = rows === 'logits' ? isValidLogitRow : isValidProbRow;
  const findings: Finding[] = [];
  for (let r = 0; r < b.batch; r++) {
    const expected = isValid(rowOf(b, r)) ? 1 : 0;
    const flag = valid[r] as number;
    if (flag !== expected) {
      findings.push({ row: r, message: `valid flag ${flag}, expected ${expected}`, values: { valid: flag, expected } });
    }
    if (expected === 0 && tokens !== undefined && tokens[r] !== INVALID_ROW_TOKEN) {
      findings.push({
        row: r,
        index: tokens[r] as number,
        message: `invalid row must return token ${INVALID_ROW_TOKEN}`,
        values: { token: tokens[r] as number },
      });
    }
  }
  return checkResult('valid-flags', findings, b.batch);
}
