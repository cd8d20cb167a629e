/**
 * What a row-transform kernel promises, per reference op (its manifest `reference.op` says which): the reference
 * output and valid flags of a call, and the checks of one launch's output against them. Suites, the oracle
 * consistency blocks (the reference must pass its own checks) and the large-shape test all read these, so a
 * transform's contract has one home.
 */
import { isMonotoneNonDecreasing, isValidDistribution, validFlagsMatch, checkResult } from '../../src/checks/index.ts';
import { referenceTiePolicy, type ManifestEntry } from '../../src/manifest/index.ts';
import { applyTemperature, eligibleMask, isValidLogitRow, isValidProbRow, maskLogits, prefixSum, quantizeRow, softmax, topKMask } from '../../src/reference/index.ts';
import type { CheckResult, Finding, RowBatch } from '../../src/types.ts';
import { agreesWithReference } from './agreement.ts';
import { filterSpecOf, type FilterParams } from './filter-of.ts';

export interface TransformOutput {
  readonly out: Float32Array;
  readonly valid: Int32Array;
}

export interface TransformContract {
  /** The reference output of one call, rounded to fp32 as a kernel writes it, and its valid flags. */
  reference(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams): TransformOutput;
  /** The guarantees of one launch's output. */
  checks(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams, got: TransformOutput): CheckResult[];
}

export type TransformOp = 'softmax' | 'prefix-sum' | 'temperature' | 'renorm' | 'mask-logits';

const rowAt = (rows: RowBatch<Float32Array>, r: number): Float32Array => rows.data.subarray(r * rows.vocab, (r + 1) * rows.vocab);
const flags = (rows: RowBatch<Float32Array>, isValid: (row: Float32Array) => boolean): Int32Array => Int32Array.from({ length: rows.batch }, (_v, r) => (isValid(rowAt(rows, r)) ? 1 : 0));
const asBatch = (rows: RowBatch<Float32Array>, data: Float32Array): RowBatch<Float32Array> => ({ data, batch: rows.batch, vocab: rows.vocab });

/** Softmax with optional temperature: a distribution per valid row (validity of the scaled row), zeros otherwise. */
const softmaxContract: TransformContract = {
  reference: (_e, rows, p) => {
    const want = softmax(rows, p.temperature);
    return { out: Float32Array.from(want.probs), valid: Int32Array.from(want.valid) };
  },
  checks: (e, rows, p, got) => {
    const want = softmax(rows, p.temperature);
    return [
      validFlagsMatch(applyTemperature(rows, p.temperature ?? 1), got.valid, { rows: 'logits' }),
      isValidDistribution(asBatch(rows, got.out), 1e-5, got.valid),
      agreesWithReference('softmax values', got.out, want.probs, rows.vocab, { abs: 1e-7, rel: 1e-5 }),
    ];
  },
};

/** Temperature: one correctly rounded fp32 division per entry, bit for bit; NaN and ±inf pass through. */
const temperatureContract: TransformContract = {
  reference: (_e, rows, p) => {
    const scaled = applyTemperature(rows, p.temperature ?? 1);
    return { out: scaled.data, valid: flags(scaled, isValidLogitRow) };
  },
  checks: (_e, rows, p, got) => {
    const scaled = applyTemperature(rows, p.temperature ?? 1);
    return [validFlagsMatch(scaled, got.valid, { rows: 'logits' }), agreesWithReference('temperature (bit for bit)', got.out, scaled.data, rows.vocab, { abs: 0, rel: 0 })];
  },
};

/**
 * topKMask takes a probability row; the kernel selects on the logits' own order. Replacing each logit by the rank of
 * its distinct value, scaled into (0, 1], keeps that order and its ties exactly (−inf included, as the lowest rank).
 */
function orderPreservingWeights(row: Float32Array): Float64Array {
  const distinct = [...new Set(row)].sort((a, b) => a - b);
  const rank = new Map(distinct.map((v, i) => [v, (i + 1) / distinct.length]));
  return Float64Array.from(row, (x) => rank.get(x) as number);
}

/** Top-k mask over logits: eligible logits copied bit for bit, the rest −inf; an invalid row is all −inf. */
const maskLogitsContract: TransformContract = {
  reference: (e, rows, p) => {
    const out = new Float32Array(rows.data.length).fill(-Infinity);
    for (let r = 0; r < rows.batch; r++) {
      const row = rowAt(rows, r);
      if (!isValidLogitRow(row)) continue;
      const k = typeof p.k === 'number' ? p.k : ((p.k as readonly number[])[r] as number);
      out.set(maskLogits(row, topKMask(orderPreservingWeights(row), k, referenceTiePolicy(e))), r * rows.vocab);
    }
    return { out, valid: flags(rows, isValidLogitRow) };
  },
  checks: (e, rows, p, got) => [
    validFlagsMatch(rows, got.valid, { rows: 'logits' }),
    agreesWithReference('top-k mask (bit for bit)', got.out, maskLogitsContract.reference(e, rows, p).out, rows.vocab, { abs: 0, rel: 0 }),
  ],
};

/** Renormalized probabilities: fp32(w_i·2^32 / M) on the eligible set (M its exact fixed-point mass), 0 elsewhere. */
const renormContract: TransformContract = {
  reference: (e, rows, p) => {
    const out = new Float32Array(rows.data.length);
    const spec = filterSpecOf(e, p);
    for (let r = 0; r < rows.batch; r++) {
      const row = rowAt(rows, r);
      const q = quantizeRow(row);
      if (q === null) continue;
      const mask = eligibleMask(row, spec, r);
      let m = 0;
      for (let i = 0; i < row.length; i++) if (mask[i] === 1) m += q[i] as number;
      if (m === 0) continue;
      for (let i = 0; i < row.length; i++) if (mask[i] === 1) out[r * rows.vocab + i] = ((row[i] as number) * 2 ** 32) / m;
    }
    return { out, valid: flags(rows, isValidProbRow) };
  },
  checks: (e, rows, p, got) => [
    validFlagsMatch(rows, got.valid),
    isValidDistribution(asBatch(rows, got.out), 1e-5, got.valid),
    agreesWithReference(`${e.reference.filter ?? 'filter'} renorm values`, got.out, renormContract.reference(e, rows, p).out, rows.vocab, { abs: 0, rel: 2 ** -23 }),
  ],
};

/** The prefix sum's own validity: every entry finite and ≥ 0 (entries above 1 and all-zero rows are fine). */
export function isPrefixSumRowValid(row: ArrayLike<number>): boolean {
  for (let i = 0; i < row.length; i++) if (!((row[i] as number) >= 0 && (row[i] as number) < Infinity)) return false;
  return true;
}

/**
 * An fp32 scan in any association order is within (log2(vocab) + 2)·2^-24 of the float64 prefix, relative to the
 * prefix of |x| (which is the prefix itself on a valid row); ×4 for the carries between tiles. Non-finite reference
 * values must be matched exactly (NaN by NaN).
 */
function prefixAgreement(rows: RowBatch<Float32Array>, got: Float32Array, want: Float64Array): CheckResult {
  const rel = (Math.log2(rows.vocab) + 2) * 2 ** -24 * 4;
  const findings: Finding[] = [];
  for (let r = 0; r < rows.batch; r++) {
    let abs = 0;
    for (let i = 0; i < rows.vocab; i++) {
      const at = r * rows.vocab + i;
      abs += Math.abs(rows.data[at] as number);
      const g = got[at] as number;
      const w = want[at] as number;
      const ok = Number.isFinite(w) ? Math.abs(g - w) <= rel * abs : g === w || (Number.isNaN(g) && Number.isNaN(w));
      if (!ok) {
        findings.push({ row: r, index: i, message: `prefix sum differs from the float64 prefix beyond ${rel.toExponential(2)} of the prefix of |x|`, values: { got: g, want: w } });
        break;
      }
    }
  }
  return checkResult('prefix sum values', findings, rows.batch);
}

/** The scan the entry declares (manifest `reference.scan`, inclusive by default). */
const scanOf = (e: ManifestEntry): 'inclusive' | 'exclusive' => e.reference.scan ?? 'inclusive';

/**
 * Prefix sum (inclusive or exclusive, as declared): valid rows monotone; every row (invalid ones are plain IEEE
 * scans) agrees with the float64 scan.
 */
const prefixSumContract: TransformContract = {
  reference: (e, rows) => ({ out: Float32Array.from(prefixSum(rows, scanOf(e))), valid: flags(rows, isPrefixSumRowValid) }),
  checks: (e, rows, _p, got) => {
    const expected = flags(rows, isPrefixSumRowValid);
    const flagFindings: Finding[] = [];
    expected.forEach((want, r) => {
      if (got.valid[r] !== want) flagFindings.push({ row: r, message: `valid flag ${got.valid[r]}, expected ${want} (entries finite and ≥ 0)`, values: { valid: got.valid[r] as number, expected: want } });
    });
    // the monotone guarantee is for valid rows: an invalid row's IEEE scan may go down or hold NaN
    const monotone = isMonotoneNonDecreasing(asBatch(rows, got.out));
    const onValid = monotone.detail.findings.filter((f) => expected[f.row] === 1);
    return [
      checkResult('valid-flags', flagFindings, rows.batch),
      checkResult(monotone.stage, onValid, expected.reduce((n, v) => n + v, 0)),
      prefixAgreement(rows, got.out, prefixSum(rows, scanOf(e))),
    ];
  },
};

export const TRANSFORM_CONTRACTS: Readonly<Record<TransformOp, TransformContract>> = {
  softmax: softmaxContract,
  'prefix-sum': prefixSumContract,
  temperature: temperatureContract,
  renorm: renormContract,
  'mask-logits': maskLogitsContract,
};

export function isTransformOp(op: string): op is TransformOp {
  return Object.hasOwn(TRANSFORM_CONTRACTS, op);
}

/** The contract of a transform entry; a sampling entry is a TypeError naming it. */
export function transformContractOf(entry: ManifestEntry): TransformContract {
  const op = entry.reference.op;
  if (!isTransformOp(op)) throw new TypeError(`${entry.name}: reference op '${op}' is not a row transform (${Object.keys(TRANSFORM_CONTRACTS).join(', ')})`);
  return TRANSFORM_CONTRACTS[op];
}
