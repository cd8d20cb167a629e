/**
 * Inputs of the speculative suite: draft/target row sets ("pairs") that stress what speculative sampling must get
 * right, batches built from them (every batch row holds one pair, its draft tokens drawn from the pair's draft
 * rows, as a drafter would), and bad rows for the invalid-row contract.
 *
 * Pairs (draft rows D_0..D_{n-1}, target rows T_0..T_n), LLM-shaped (Zipf logits through a float64 softmax):
 * - far: each D_j an independent Zipf row (another rank order): acceptance ~0.1, most tokens come from the residual;
 * - close: D_j = softmax(logits of T_j + noise): acceptance ~0.8, long accepted prefixes;
 * - equal: D_j = T_j: every draft is accepted, the last token is always the bonus draw from T_n;
 * - disjoint: D_j lives where T_j is 0: never accepted, the residual is T_j itself.
 * Draft tokens are drawn with the fixed-point sampling step (the draft's own distribution q_d/Q_d) from a Philox
 * stream of their own (seed, subsequence = position), independent of the kernel's.
 */
import { generateLogits, logitsToProbs } from '../../src/fixtures/generators.ts';
import { draftRow, targetRow, type SpeculativeInputs } from '../../src/reference/speculative-inputs.ts';
import { PhiloxEngine } from '../../src/rng/index.ts';
import { drawToken, eligiblePrefix, type EligiblePrefix } from '../../src/stats/experiment/index.ts';

export const PAIR_KINDS = ['far', 'close', 'equal', 'disjoint'] as const;
export type PairKind = (typeof PAIR_KINDS)[number];

/** One draft/target row set: n draft rows and n + 1 target rows of `vocab` entries each. */
export interface SpeculativePair {
  readonly kind: PairKind;
  readonly draft: number;
  readonly vocab: number;
  /** draft × vocab. */
  readonly draftRows: Float32Array;
  /** (draft + 1) × vocab. */
  readonly targetRows: Float32Array;
}

function zipfRows(seed: string, rows: number, vocab: number, noise = 0.5): Float32Array {
  return logitsToProbs(generateLogits({ seed, batch: rows, vocab, kind: 'zipf', exponent: 1.1, noise })).data;
}

/** Rows whose mass sits on the tokens `keep(i)` selects, in Zipf proportions (fp32, normalized in float64). */
function supportedRows(seed: string, rows: number, vocab: number, keep: (i: number) => boolean): Float32Array {
  const base = zipfRows(seed, rows, vocab);
  const out = new Float32Array(base.length);
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (let i = 0; i < vocab; i++) if (keep(i)) total += base[r * vocab + i] as number;
    for (let i = 0; i < vocab; i++) out[r * vocab + i] = keep(i) ? (base[r * vocab + i] as number) / total : 0;
  }
  return out;
}

/** The pair of `kind` with n draft tokens (seeded by `seed`: same arguments, same rows). */
export function speculativePair(kind: PairKind, draft: number, vocab: number, seed: string): SpeculativePair {
  if (kind === 'disjoint') {
    const even = (i: number): boolean => i % 2 === 0;
    return { kind, draft, vocab, draftRows: supportedRows(`${seed}/draft`, draft, vocab, (i) => !even(i)), targetRows: supportedRows(`${seed}/target`, draft + 1, vocab, even) };
  }
  const targetRows = zipfRows(`${seed}/target`, draft + 1, vocab);
  if (kind === 'equal') return { kind, draft, vocab, draftRows: targetRows.slice(0, draft * vocab), targetRows };
  if (kind === 'far') return { kind, draft, vocab, draftRows: zipfRows(`${seed}/draft`, draft, vocab), targetRows };
  // close: the target's own logits, perturbed
  const logits = generateLogits({ seed: `${seed}/target`, batch: draft + 1, vocab, kind: 'zipf', exponent: 1.1, noise: 0.5 });
  const noise = generateLogits({ seed: `${seed}/noise`, batch: draft, vocab, kind: 'normal', sigma: 0.3 });
  const perturbed = Float32Array.from(noise.data, (x, i) => Math.fround((logits.data[i] as number) + x));
  return { kind, draft, vocab, draftRows: logitsToProbs({ data: perturbed, batch: draft, vocab }).data, targetRows };
}

/** The fixed-point sampling tables of a pair's draft rows (one per position). */
export function draftTables(pair: SpeculativePair): EligiblePrefix[] {
  return Array.from({ length: pair.draft }, (_, j) => {
    const t = eligiblePrefix(pair.draftRows.subarray(j * pair.vocab, (j + 1) * pair.vocab), null);
    if (t === null) throw new RangeError(`${pair.kind} pair: draft row ${j} is not a valid probability row`);
    return t;
  });
}

/**
 * Draft tokens for `rows` batch rows holding `pair` (row-major rows × draft): position j of row r is the r-th
 * draw of the Philox stream (seed, subsequence = j, offset = firstRow), so consecutive calls with
 * firstRow += rows continue the streams.
 */
export function drawDraftTokens(pair: SpeculativePair, tables: readonly EligiblePrefix[], rows: number, seed: bigint, firstRow = 0): Int32Array {
  const out = new Int32Array(rows * pair.draft);
  for (let j = 0; j < pair.draft; j++) {
    const engine = new PhiloxEngine(seed, BigInt(j), BigInt(firstRow));
    const table = tables[j] as EligiblePrefix;
    for (let r = 0; r < rows; r++) out[r * pair.draft + j] = drawToken(table, engine.nextUniform());
  }
  return out;
}

/** Rows holding `pair`, one per `draft` entries of `draftTokens` (row-major rows × draft). */
export function pairInputs(pair: SpeculativePair, draftTokens: Int32Array): SpeculativeInputs {
  const rows = draftTokens.length / pair.draft;
  const draftProbs = new Float32Array(rows * pair.draft * pair.vocab);
  const targetProbs = new Float32Array(rows * (pair.draft + 1) * pair.vocab);
  for (let r = 0; r < rows; r++) {
    draftProbs.set(pair.draftRows, r * pair.draftRows.length);
    targetProbs.set(pair.targetRows, r * pair.targetRows.length);
  }
  return { batch: rows, draft: pair.draft, vocab: pair.vocab, draftProbs, draftTokens, targetProbs };
}

/** A batch of `rows` rows, each holding `pair`, with freshly drawn draft tokens. */
function pairBatch(pair: SpeculativePair, rows: number, seed: bigint): SpeculativeInputs {
  return pairInputs(pair, drawDraftTokens(pair, draftTables(pair), rows, seed));
}

/** Ways a batch row's inputs break the contract; each makes that row invalid (docs/design.md). */
export const BAD_ROW_KINDS = ['nan-in-draft', 'entry-above-one', 'unnormalized-draft', 'unnormalized-target', 'token-out-of-range', 'negative-token'] as const;
type BadRowKind = (typeof BAD_ROW_KINDS)[number];

/** A copy of `x` with row `b` broken the way `kind` says (late in the row, past the first tiles when vocab allows). */
export function withBadRow(x: SpeculativeInputs, b: number, kind: BadRowKind): SpeculativeInputs {
  const draftProbs = x.draftProbs.slice();
  const targetProbs = x.targetProbs.slice();
  const draftTokens = x.draftTokens.slice();
  const copy: SpeculativeInputs = { ...x, draftProbs, targetProbs, draftTokens };
  const last = x.draft - 1;
  const late = x.vocab - 1;
  switch (kind) {
    case 'nan-in-draft':
      draftRow(copy, b, last)[late] = Number.NaN;
      break;
    case 'entry-above-one':
      targetRow(copy, b, x.draft)[late] = 1.5;
      break;
    case 'unnormalized-draft':
      draftRow(copy, b, last).forEach((w, i, row) => (row[i] = Math.fround(w * 0.7)));
      break;
    case 'unnormalized-target':
      targetRow(copy, b, 0).forEach((w, i, row) => (row[i] = Math.fround(w * 1.01)));
      break;
    case 'token-out-of-range':
      draftTokens[b * x.draft + last] = x.vocab;
      break;
    case 'negative-token':
      draftTokens[b * x.draft] = -1;
      break;
  }
  return copy;
}

/** Batch rows of several pairs (row r holds pairs[r % pairs.length]), all with the same draft length and vocab. */
export function mixedBatch(pairs: readonly SpeculativePair[], rows: number, seed: bigint): SpeculativeInputs {
  const first = pairs[0];
  if (first === undefined || pairs.some((p) => p.draft !== first.draft || p.vocab !== first.vocab)) {
    throw new RangeError('mixedBatch: pairs must be non-empty and share draft and vocab');
  }
  const parts = pairs.map((p, i) => pairBatch(p, Math.ceil(rows / pairs.length), seed + BigInt(i)));
  const n = first.draft;
  const v = first.vocab;
  const out: SpeculativeInputs = {
    batch: rows,
    draft: n,
    vocab: v,
    draftProbs: new Float32Array(rows * n * v),
    draftTokens: new Int32Array(rows * n),
    targetProbs: new Float32Array(rows * (n + 1) * v),
  };
  for (let r = 0; r < rows; r++) {
    const src = parts[r % pairs.length] as SpeculativeInputs;
    const k = Math.floor(r / pairs.length);
    out.draftProbs.set(src.draftProbs.subarray(k * n * v, (k + 1) * n * v), r * n * v);
    out.targetProbs.set(src.targetProbs.subarray(k * (n + 1) * v, (k + 1) * (n + 1) * v), r * (n + 1) * v);
    out.draftTokens.set(src.draftTokens.subarray(k * n, (k + 1) * n), r * n);
  }
  return out;
}
