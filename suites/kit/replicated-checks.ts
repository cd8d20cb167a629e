/**
 * The cheap guarantees of a launch over replicated rows (device-rows.ts), for every row of a big batch: the
 * validity of each distinct row is computed once, so checking 1024 rows of 256000 costs one pass over the block,
 * not over the batch. Stage names match src/checks so the report groups them with the full checks.
 */
import { checkResult, tokenInRange } from '../../src/checks/index.ts';
import { isValidLogitRow, isValidProbRow } from '../../src/reference/index.ts';
import { INVALID_ROW_TOKEN, type CheckResult, type Finding, type RowBatch } from '../../src/types.ts';
import type { InputKind } from './sampling-inputs.ts';

export interface Replicated {
  readonly batch: number;
  readonly block: RowBatch<Float32Array>;
  blockRow(row: number): number;
}

function blockValidity(block: RowBatch<Float32Array>, kind: InputKind): boolean[] {
  const isValid = kind === 'logits' ? isValidLogitRow : isValidProbRow;
  return Array.from({ length: block.batch }, (_v, j) => isValid(block.data.subarray(j * block.vocab, (j + 1) * block.vocab)));
}

function assertLength(name: string, a: Int32Array, batch: number): void {
  if (!(a instanceof Int32Array) || a.length !== batch) throw new RangeError(`${name} must be an Int32Array of length batch = ${batch}, got ${a.length}`);
}

/** valid flags equal each row's validity (probability or logit rules per `kind`). `checked` counts rows. */
export function replicatedValidFlags(rows: Replicated, kind: InputKind, valid: Int32Array, tokens?: Int32Array): CheckResult {
  assertLength('valid', valid, rows.batch);
  if (tokens !== undefined) assertLength('tokens', tokens, rows.batch);
  const ok = blockValidity(rows.block, kind);
  const findings: Finding[] = [];
  for (let r = 0; r < rows.batch; r++) {
    const expected = ok[rows.blockRow(r)] === true ? 1 : 0;
    if (valid[r] !== expected) findings.push({ row: r, message: `valid flag ${valid[r]}, expected ${expected}`, values: { valid: valid[r] as number, expected } });
    if (expected === 0 && tokens !== undefined && tokens[r] !== INVALID_ROW_TOKEN) {
      findings.push({ row: r, index: tokens[r] as number, message: `invalid row must return token ${INVALID_ROW_TOKEN}`, values: { token: tokens[r] as number } });
    }
  }
  return checkResult('valid-flags', findings, rows.batch);
}

/** No valid row returns a masked token (probability 0, or logit −inf). `checked` counts valid rows. */
export function replicatedNeverMasked(rows: Replicated, kind: InputKind, tokens: Int32Array): CheckResult {
  assertLength('tokens', tokens, rows.batch);
  const ok = blockValidity(rows.block, kind);
  const masked = kind === 'logits' ? -Infinity : 0;
  const { vocab, data } = rows.block;
  const findings: Finding[] = [];
  let checked = 0;
  for (let r = 0; r < rows.batch; r++) {
    const j = rows.blockRow(r);
    if (ok[j] !== true) continue;
    checked++;
    const t = tokens[r] as number;
    if (t < 0 || t >= vocab) continue; // tokenInRange reports it
    const value = data[j * vocab + t] as number;
    if (value === masked) findings.push({ row: r, index: t, message: `sampled a masked token (${kind === 'logits' ? 'logit −inf' : 'probability 0'})`, values: { token: t, value } });
  }
  return checkResult('never-samples-masked', findings, checked);
}

/** Token range, valid flags and masked tokens over every row of a replicated batch. */
export function replicatedSamplingChecks(rows: Replicated, kind: InputKind, tokens: Int32Array, valid: Int32Array): CheckResult[] {
  return [tokenInRange(tokens, rows.block.vocab), replicatedValidFlags(rows, kind, valid, tokens), replicatedNeverMasked(rows, kind, tokens)];
}
