/**
 * Inputs of sampling kernels: committed fixtures and regressions in the kind an entry takes (probability kernels
 * get the float64 softmax of logit fixtures), big timing inputs made quickly by repeating one seeded row, and the
 * rows an entry actually reads (its element type; exactly normalized when it assumes normalized rows).
 */
import { elementTypeOf, rowInputOf, widenedRows, type ManifestEntry } from '../../src/manifest/index.ts';
import { FIXTURES_DIR } from '../../src/fixtures/fixture-set.ts';
import { listFixtures, loadFixture, type Fixture } from '../../src/fixtures/fixture-file.ts';
import { listRegressions, loadRegression } from '../../src/fixtures/regressions.ts';
import { generateLogits, logitsToProbs } from '../../src/fixtures/generators.ts';
import type { RowBatch } from '../../src/types.ts';
import { normalizeRowsExactly } from './sampling-normalize.ts';

export type InputKind = 'logits' | 'probs';

/** Which rows an entry reads: its reference op decides. */
export function inputKindOf(entry: ManifestEntry): InputKind {
  return entry.reference.op === 'sample-logits' || entry.reference.op === 'softmax' || entry.reference.op === 'temperature' || entry.reference.op === 'mask-logits'
    ? 'logits'
    : 'probs';
}

/** A fixture's rows as `kind` rows; null when they cannot be (probability rows for a logit kernel). */
function rowsAs(fixture: Fixture, kind: InputKind): RowBatch<Float32Array> | null {
  if (fixture.kind === 'logits') return kind === 'logits' ? fixture.rows : logitsToProbs(fixture.rows);
  return kind === 'probs' ? fixture.rows : null;
}

export interface NamedRows {
  readonly name: string;
  readonly rows: RowBatch<Float32Array>;
}

export function committedInputs(kind: InputKind): NamedRows[] {
  return listFixtures(FIXTURES_DIR).flatMap((name) => {
    const rows = rowsAs(loadFixture(FIXTURES_DIR, name), kind);
    return rows === null ? [] : [{ name, rows }];
  });
}

export function regressionInputs(kind: InputKind): NamedRows[] {
  return listRegressions().flatMap((name) => {
    const rows = rowsAs(loadRegression(name), kind);
    return rows === null ? [] : [{ name: `regressions/${name}`, rows }];
  });
}

/** `batch` copies of one seeded row of `vocab` logits (or its probabilities): realistic values, cheap to build. */
export function repeatedRows(kind: InputKind, batch: number, vocab: number, seed = 'suites-timing'): RowBatch<Float32Array> {
  const one = generateLogits({ seed, batch: 1, vocab, kind: 'zipf', exponent: 1.1, noise: 0.5 });
  const row = kind === 'probs' ? logitsToProbs(one).data : one.data;
  const data = new Float32Array(batch * vocab);
  for (let r = 0; r < batch; r++) data.set(row, r * vocab);
  return { data, batch, vocab };
}

/** `rows` distinct seeded rows of `vocab` logits (or their probabilities): the block big inputs replicate. */
export function distinctRows(kind: InputKind, rows: number, vocab: number, seed: string): RowBatch<Float32Array> {
  const logits = generateLogits({ seed, batch: rows, vocab, kind: 'zipf', exponent: 1.1, noise: 0.5 });
  return kind === 'probs' ? logitsToProbs(logits) : logits;
}

/**
 * The rows `entry` is fed when a test means `rows`: rounded to its input's element type (so the reference and the
 * checks see exactly what the kernel reads) and, for an entry that assumes normalized input, every valid row rescaled
 * to sum to exactly 1 in that type. Pass the result both to the call and to the checks.
 */
export function rowsFor(entry: ManifestEntry, rows: RowBatch<Float32Array>): RowBatch<Float32Array> {
  const widened = widenedRows(entry, rows);
  return entry.assumes.normalized ? normalizeRowsExactly(widened, elementTypeOf(rowInputOf(entry)) ?? 'f32') : widened;
}
