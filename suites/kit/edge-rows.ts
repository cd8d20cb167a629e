/**
 * Probability rows built for the boundaries that random and committed rows almost never reach, each replicated so
 * that a sampler taking the wrong side of the boundary is caught on some row with near certainty (the mutation
 * self-test showed these bugs survive otherwise):
 * - a nucleus prefix whose mass equals p·T exactly (T = 2^32, so p·T is an integer for every fp32 p): `>` vs `>=`;
 * - a row whose mass lies mostly below 2^-24: quantizing at fp32 resolution loses the tail (vLLM #43150);
 * - one value tied across every wave of a block: the exact policy must rank ties by index, not by arrival.
 * The u = 1 draw (largest uniform) is pinned by a Philox stream found on the CPU. Rows several tiles wide, sparse
 * or with negative, NaN and ±inf entries, for every kernel kind, are in wide-edge-rows.ts.
 */
import type { RowBatch } from '../../src/types.ts';
import type { InputKind, NamedRows } from './sampling-inputs.ts';
import { invalidEntryProbRows, sparseLogitRows, sparseProbRows, SPECIAL_VOCAB, specialLogitRows, WIDE_VOCAB_SCALAR, WIDE_VOCAB_VECTOR } from './wide-edge-rows.ts';

const TWO_POW = (e: number): number => 2 ** e;

/** Exactly representable row entries, or a RangeError naming the entry (the rows must be what they claim). */
function exactRow(values: readonly number[], vocab: number, what: string): Float32Array {
  if (values.length > vocab) throw new RangeError(`${what}: ${values.length} values do not fit vocab ${vocab}`);
  values.forEach((v, i) => {
    if (Math.fround(v) !== v) throw new RangeError(`${what}: entry ${i} (${v}) is not an fp32 value`);
  });
  const row = new Float32Array(vocab);
  row.set(values);
  return row;
}

function replicated(rows: readonly Float32Array[], copies: number): RowBatch<Float32Array> {
  const vocab = rows[0]?.length ?? 0;
  const data = new Float32Array(rows.length * copies * vocab);
  for (let c = 0; c < copies; c++) rows.forEach((r, j) => data.set(r, (c * rows.length + j) * vocab));
  return { data, batch: rows.length * copies, vocab };
}

/**
 * Rows summing to exactly 1 (T = 2^32) whose descending prefix reaches fp32(p) exactly, for p = 0.5, 0.9, 0.1:
 * the minimal nucleus is 1, 2 and 1 tokens; a strict comparison adds the next one.
 */
export function nucleusBoundaryRows(): Float32Array[] {
  const vocab = 16;
  const p9 = Math.fround(0.9);
  const p1 = Math.fround(0.1);
  // 1 − fp32(0.1) = 120795955·2^-27 split into ten distinct values below fp32(0.1) = 13421773·2^-27
  const tenth = Array.from({ length: 10 }, (_v, i) => (12079600 - i) * TWO_POW(-27));
  return [
    exactRow([0.5, 0.25, 0.25], vocab, 'p = 0.5 row'),
    exactRow([0.5, p9 - 0.5, 1 - p9], vocab, 'p = 0.9 row'),
    exactRow([p1, ...tenth], vocab, 'p = 0.1 row'),
  ];
}

/** One head token at 2^-20 and 63 tail tokens at 2^-25: about two thirds of the mass lies below 2^-24. */
export function tailBelowFp32ResolutionRow(): Float32Array {
  return exactRow([TWO_POW(-20), ...Array.from({ length: 63 }, () => TWO_POW(-25))], 64, 'tail row');
}

/** 4096 equal values: two 2048-element tiles in which every thread of every wave holds ties. */
export function tiedAcrossWavesRow(): Float32Array {
  return new Float32Array(4096).fill(TWO_POW(-12));
}

/** The edge rows as inputs of `kind`, for every kernel that reads that kind (samplers and transforms alike). */
export function edgeInputs(kind: InputKind): NamedRows[] {
  if (kind === 'logits') {
    return [
      { name: `edge: sparse across 2048-entry tiles, logits (vocab ${WIDE_VOCAB_SCALAR}, scalar loads)`, rows: replicated(sparseLogitRows(WIDE_VOCAB_SCALAR), 2) },
      { name: `edge: sparse across 2048-entry tiles, logits (vocab ${WIDE_VOCAB_VECTOR}, float4 loads)`, rows: replicated(sparseLogitRows(WIDE_VOCAB_VECTOR), 2) },
      { name: 'edge: negative, near −FLT_MAX, NaN and ±inf logits across tiles', rows: replicated(specialLogitRows(SPECIAL_VOCAB), 2) },
    ];
  }
  return [
    { name: 'edge: nucleus prefix = p·T exactly (p = 0.5, 0.9, 0.1)', rows: replicated(nucleusBoundaryRows(), 16) },
    { name: 'edge: mass below 2^-24', rows: replicated([tailBelowFp32ResolutionRow()], 16) },
    { name: 'edge: one value tied across every wave', rows: replicated([tiedAcrossWavesRow()], 32) },
    { name: `edge: sparse across 2048-entry tiles (vocab ${WIDE_VOCAB_SCALAR}, scalar loads)`, rows: replicated(sparseProbRows(WIDE_VOCAB_SCALAR), 2) },
    { name: `edge: sparse across 2048-entry tiles (vocab ${WIDE_VOCAB_VECTOR}, float4 loads)`, rows: replicated(sparseProbRows(WIDE_VOCAB_VECTOR), 2) },
    { name: 'edge: a negative, NaN, ±inf or > 1 entry in a late tile', rows: replicated(invalidEntryProbRows(WIDE_VOCAB_SCALAR), 2) },
  ];
}

/**
 * A stream whose row 0 draws u = 1 exactly (Philox output 0xffffff91 ≥ 0xffffff80, found by a CPU search over
 * offsets of seed 0x5eed0001, subsequence 0): the largest target, u·M = M. The test checks it with the TypeScript
 * Philox, so a change of conventions fails loudly instead of silently testing nothing.
 */
export const U_ONE_STREAM = { seed: 0x5eed0001n, offset: 74513649n, row: 0 } as const;
