/**
 * The cheap guarantees of a launch over replicated rows (device-rows.ts), for every row of a big batch, as the
 * entry declares them: the validity of each distinct row is computed once, so checking 1024 rows of 256000 costs
 * one pass over the block, not over the batch. Stage names match src/checks so the report groups them with the
 * full checks.
 */
import { checkResult, invalidRowTokensChecked, isTokenIn, tokenInRange, validFlagsPromise, type Tokens } from '../../src/checks/index.ts';
import type { ManifestEntry } from '../../src/manifest/index.ts';
import { isValidLogitRow, isValidProbRow } from '../../src/reference/index.ts';
import { INVALID_ROW_TOKEN, type CheckResult, type Finding, type RowBatch } from '../../src/types.ts';
import { inputKindOf, type InputKind } from './sampling-inputs.ts';
import type { ScopedCheck } from './sampling-run.ts';

interface Replicated {
  readonly batch: number;
  readonly block: RowBatch<Float32Array>;
  blockRow(row: number): number;
}

function blockValidity(block: RowBatch<Float32Array>, kind: InputKind): boolean[] {
  const isValid = kind === 'logits' ? isValidLogitRow : isValidProbRow;
  return Array.from({ length: block.batch }, (_v, j) => isValid(block.data.subarray(j * block.vocab, (j + 1) * block.vocab)));
}

function assertLength(name: string, a: ArrayLike<number>, batch: number): void {
  if (a.length !== batch) throw new RangeError(`${name} must have length batch = ${batch}, got ${a.length}`);
}

/** valid flags equal each row's validity (probability or logit rules per `kind`). `checked` counts rows. */
export function replicatedValidFlags(rows: Replicated, kind: InputKind, valid: Int32Array | Uint32Array, tokens?: Tokens): CheckResult {
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
export function replicatedNeverMasked(rows: Replicated, kind: InputKind, tokens: Tokens): CheckResult {
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
    if (!isTokenIn(t, vocab)) continue; // tokenInRange reports it
    const value = data[j * vocab + t] as number;
    if (value === masked) findings.push({ row: r, index: t, message: `sampled a masked token (${kind === 'logits' ? 'logit −inf' : 'probability 0'})`, values: { token: t, value } });
  }
  return checkResult('never-samples-masked', findings, checked);
}

/**
 * Token range (every row; for `invalidRows: unspecified` only valid rows), the valid-flag policy when declared, and
 * masked tokens, over every row of a replicated batch.
 */
export function replicatedSamplingChecks(entry: ManifestEntry, rows: Replicated, tokens: Tokens, valid: Int32Array | Uint32Array | null): ScopedCheck[] {
  const kind = inputKindOf(entry);
  const ok = blockValidity(rows.block, kind);
  const specified = invalidRowTokensChecked(entry) ? undefined : (r: number) => ok[rows.blockRow(r)] === true;
  const checks: ScopedCheck[] = [{ result: tokenInRange(tokens, rows.block.vocab, specified), scope: 'universal' }];
  if (validFlagsPromise(entry).kind === 'flag' && valid !== null) checks.push({ result: replicatedValidFlags(rows, kind, valid, tokens), scope: 'contract' });
  checks.push({ result: replicatedNeverMasked(rows, kind, tokens), scope: 'universal' });
  return checks;
}
