/**
 * What a row-transform kernel promises, per reference op (its manifest `reference.op` says which), held to what its
 * entry declares: the reference output of a call, and the checks of one launch's output. Every op defines which rows
 * are valid, its reference values and its value checks (universal: every entry of the op is held to them). The
 * declaration decides the rest:
 * - `invalidRows: flag` (a valid output): the flags must equal each row's validity (a contract check) and invalid
 *   rows' outputs follow the op (zeros, −inf, or the IEEE result);
 * - `invalidRows: unspecified`: the kernel assumes valid input. Invalid rows are still fed (a crash or a hang fails
 *   the launch), but nothing about their output is compared: every check looks at the valid rows only, and the
 *   valid-flag policy is not applicable;
 * - `tiePolicy: any` (renorm, top-k mask): any eligible set between the exact and the ties-kept set (transform-ties.ts).
 * Suites, the oracle consistency blocks (the reference must pass its own checks), the split-factor block and the
 * large-shape test all read these, so a transform's contract has one home.
 */
import { CHECK, checkResult, isMonotoneNonDecreasing, isValidDistribution, validFlagsPromise, type NotApplicable } from '../../src/checks/index.ts';
import { referenceTiePolicy, type ManifestEntry } from '../../src/manifest/index.ts';
import { applyTemperature, eligibleMask, isValidLogitRow, isValidProbRow, maskLogits, prefixSum, quantizeRow, renormProbsOn, softmax, topKMask } from '../../src/reference/index.ts';
import type { CheckResult, Finding, RowBatch, TiePolicy } from '../../src/types.ts';
import { agreesWithReference } from './agreement.ts';
import { filterSpecOf, type FilterParams } from './filter-of.ts';
import type { ScopedCheck } from './sampling-run.ts';
import { chosenBetween } from './transform-ties.ts';

export interface TransformOutput {
  readonly out: Float32Array;
  /** The kernel's valid flags; null for an entry without a valid output. */
  readonly valid: Int32Array | Uint32Array | null;
}

export interface TransformContract {
  /** The reference output of one call, rounded to fp32 as a kernel writes it, and its valid flags (if it has any). */
  reference(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams): TransformOutput;
  /** The guarantees of one launch's output, each with the promise it needs. */
  checks(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams, got: TransformOutput): ScopedCheck[];
}

export type TransformOp = 'softmax' | 'prefix-sum' | 'temperature' | 'renorm' | 'mask-logits';

/** What one op defines, whatever the entry declares. */
interface OpContract {
  /** The op's validity rule, as the valid-flag findings state it. */
  readonly rule: string;
  validity(rows: RowBatch<Float32Array>, params: FilterParams): boolean[];
  reference(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams): Float32Array;
  /** Checks of the values of every row; `flags`: the kernel's own when it promises them (rows it flags 0 follow the op's invalid-row output). */
  values(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams, out: Float32Array, flags: Int32Array | null): ScopedCheck[];
}

const rowAt = (rows: RowBatch<Float32Array>, r: number): Float32Array => rows.data.subarray(r * rows.vocab, (r + 1) * rows.vocab);
const eachRow = (rows: RowBatch<Float32Array>, isValid: (row: Float32Array) => boolean): boolean[] => Array.from({ length: rows.batch }, (_v, r) => isValid(rowAt(rows, r)));
const asBatch = (rows: RowBatch<Float32Array>, data: Float32Array): RowBatch<Float32Array> => ({ data, batch: rows.batch, vocab: rows.vocab });
const universal = (result: CheckResult): ScopedCheck => ({ result, scope: 'universal' });
const perRowAt = (v: FilterParams['k'], r: number): number => (typeof v === 'number' ? v : ((v as readonly number[])[r] as number));

/** Softmax with optional temperature: a distribution per valid row (validity of the scaled row), zeros otherwise. */
const softmaxOp: OpContract = {
  rule: 'the scaled row has no NaN or +inf and a finite entry',
  validity: (rows, p) => eachRow(applyTemperature(rows, p.temperature ?? 1), isValidLogitRow),
  reference: (_e, rows, p) => Float32Array.from(softmax(rows, p.temperature).probs),
  values: (_e, rows, p, out, flags) => [
    universal(isValidDistribution(asBatch(rows, out), 1e-5, flags ?? undefined)),
    universal(agreesWithReference('softmax values', out, softmax(rows, p.temperature).probs, rows.vocab, { abs: 1e-7, rel: 1e-5 })),
  ],
};

/** Temperature: one correctly rounded fp32 division per entry, bit for bit; NaN and ±inf pass through. */
const temperatureOp: OpContract = {
  rule: 'the scaled row has no NaN or +inf and a finite entry',
  validity: (rows, p) => eachRow(applyTemperature(rows, p.temperature ?? 1), isValidLogitRow),
  reference: (_e, rows, p) => applyTemperature(rows, p.temperature ?? 1).data,
  values: (_e, rows, p, out) => [universal(agreesWithReference('temperature (bit for bit)', out, applyTemperature(rows, p.temperature ?? 1).data, rows.vocab, { abs: 0, rel: 0 }))],
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

/**
 * Expected outputs of a selecting transform, row by row: `mask(r, policy)` is row r's eligible set under a policy,
 * `write(r, mask)` the row the kernel must write for it. Against a kernel's output under tie policy `any`, the set is
 * the one that output shows (within the allowed range), and keeping too few boundary ties is a tie-policy finding;
 * the reference itself (no output) keeps the ties-kept set.
 */
interface Selection {
  readonly mask: (r: number, policy: TiePolicy) => Uint8Array;
  readonly write: (r: number, mask: Uint8Array) => ArrayLike<number>;
  /** Whether keeping a tie of value v shows in row r's output at all. */
  readonly visible: (r: number, v: number) => boolean;
  /** Whether an output keeps token i of row r. */
  readonly keeps: (out: Float32Array, r: number, i: number) => boolean;
}

function selected(e: ManifestEntry, rows: RowBatch<Float32Array>, valid: readonly boolean[], fill: number, s: Selection, out: Float32Array | null): { want: Float32Array; ties: CheckResult | null } {
  const want = new Float32Array(rows.data.length).fill(fill);
  const findings: Finding[] = [];
  const judged = e.tiePolicy === 'any' && out !== null;
  for (let r = 0; r < rows.batch; r++) {
    if (valid[r] !== true) continue;
    let mask = s.mask(r, referenceTiePolicy(e));
    if (judged) {
      const c = chosenBetween(s.mask(r, 'exact'), mask, rowAt(rows, r), (i) => s.keeps(out, r, i), (v) => s.visible(r, v));
      if (c.problem !== undefined) findings.push({ row: r, message: c.problem });
      mask = c.mask;
    }
    want.set(s.write(r, mask), r * rows.vocab);
  }
  return { want, ties: judged ? checkResult(`${CHECK.tiePolicy} (any: between exact and ties-kept)`, findings, rows.batch) : null };
}

/** Top-k mask over logits: eligible logits copied bit for bit, the rest −inf; an invalid row is all −inf. */
function maskSelection(rows: RowBatch<Float32Array>, p: FilterParams): Selection {
  return {
    mask: (r, policy) => topKMask(orderPreservingWeights(rowAt(rows, r)), perRowAt(p.k, r), policy),
    write: (r, mask) => maskLogits(rowAt(rows, r), mask),
    keeps: (out, r, i) => out[r * rows.vocab + i] !== -Infinity,
    visible: (_r, v) => v !== -Infinity,
  };
}

const maskLogitsOp: OpContract = {
  rule: 'no NaN or +inf logit and a finite one',
  validity: (rows) => eachRow(rows, isValidLogitRow),
  reference: (e, rows, p) => selected(e, rows, maskLogitsOp.validity(rows, p), -Infinity, maskSelection(rows, p), null).want,
  values: (e, rows, p, out) => {
    const { want, ties } = selected(e, rows, maskLogitsOp.validity(rows, p), -Infinity, maskSelection(rows, p), out);
    const values = universal(agreesWithReference('top-k mask (bit for bit)', out, want, rows.vocab, { abs: 0, rel: 0 }));
    return ties === null ? [values] : [{ result: ties, scope: 'contract' }, values];
  },
};

/** Renormalized probabilities: fp32(w_i·2^32 / M) on the eligible set (M its exact fixed-point mass), 0 elsewhere. */
function renormSelection(e: ManifestEntry, rows: RowBatch<Float32Array>, p: FilterParams): Selection {
  const massOf = (r: number, mask: Uint8Array): number => {
    const q = quantizeRow(rowAt(rows, r)) ?? [];
    return mask.reduce((m, on, i) => (on === 1 ? m + (q[i] as number) : m), 0);
  };
  const mask = (r: number, policy: TiePolicy): Uint8Array => eligibleMask(rowAt(rows, r), filterSpecOf(e, p, policy), r);
  return {
    mask,
    write: (r, m) => renormProbsOn(rowAt(rows, r), m),
    keeps: (out, r, i) => out[r * rows.vocab + i] !== 0,
    // the largest mass a set in range can have is the ties-kept set's: a tie written nonzero there is nonzero for every set
    visible: (r, v) => Math.fround((v * 2 ** 32) / Math.max(1, massOf(r, mask(r, 'ties-kept')))) !== 0,
  };
}

const renormOp: OpContract = {
  rule: 'entries finite and ≥ 0, total > 0',
  validity: (rows) => eachRow(rows, isValidProbRow),
  reference: (e, rows, p) => selected(e, rows, renormOp.validity(rows, p), 0, renormSelection(e, rows, p), null).want,
  values: (e, rows, p, out, flags) => {
    const { want, ties } = selected(e, rows, renormOp.validity(rows, p), 0, renormSelection(e, rows, p), out);
    const values = [
      universal(isValidDistribution(asBatch(rows, out), 1e-5, flags ?? undefined)),
      universal(agreesWithReference(`${e.reference.filter ?? 'filter'} renorm values`, out, want, rows.vocab, { abs: 0, rel: 2 ** -23 })),
    ];
    return ties === null ? values : [{ result: ties, scope: 'contract' }, ...values];
  },
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
const prefixSumOp: OpContract = {
  rule: 'entries finite and ≥ 0',
  validity: (rows) => eachRow(rows, isPrefixSumRowValid),
  reference: (e, rows) => Float32Array.from(prefixSum(rows, scanOf(e))),
  values: (e, rows, p, out) => {
    // the monotone guarantee is for valid rows: an invalid row's IEEE scan may go down or hold NaN
    const valid = prefixSumOp.validity(rows, p);
    return [universal(onRows(isMonotoneNonDecreasing(asBatch(rows, out)), valid)), universal(prefixAgreement(rows, out, prefixSum(rows, scanOf(e))))];
  },
};

const OPS: Readonly<Record<TransformOp, OpContract>> = {
  softmax: softmaxOp,
  'prefix-sum': prefixSumOp,
  temperature: temperatureOp,
  renorm: renormOp,
  'mask-logits': maskLogitsOp,
};

/** A row-counting check restricted to the rows `keep` marks: their findings only, `checked` = their number. */
function onRows(result: CheckResult, keep: readonly boolean[]): CheckResult {
  return checkResult(result.stage, result.detail.findings.filter((f) => keep[f.row] === true), keep.filter(Boolean).length);
}

/** valid flags equal each row's validity under the op's rule. `checked` counts rows. */
function flagsAgree(expected: readonly boolean[], got: Int32Array, rule: string): CheckResult {
  const findings: Finding[] = [];
  expected.forEach((ok, r) => {
    const want = ok ? 1 : 0;
    if (got[r] !== want) findings.push({ row: r, message: `valid flag ${got[r]}, expected ${want} (${rule})`, values: { valid: got[r] as number, expected: want } });
  });
  return checkResult(CHECK.validFlags, findings, expected.length);
}

/** The contract of `op`, as an entry's declarations shape it. */
function contractOf(op: OpContract): TransformContract {
  return {
    reference: (e, rows, p) => {
      const flags = Int32Array.from(op.validity(rows, p), (ok) => (ok ? 1 : 0));
      return { out: op.reference(e, rows, p), valid: e.validOutput === null ? null : flags };
    },
    checks: (e, rows, p, got) => {
      if (got.out.length !== rows.data.length) throw new RangeError(`${e.name}: output has ${got.out.length} values, expected batch × vocab = ${rows.data.length}`);
      const valid = op.validity(rows, p);
      const checks: ScopedCheck[] = [];
      let flags: Int32Array | null = null;
      const policy = validFlagsPromise(e);
      if (policy.kind === 'flag') {
        if (got.valid === null || got.valid.length !== rows.batch) throw new RangeError(`${e.name}: declares the valid output '${policy.output}', but the launch returned ${got.valid === null ? 'no flags' : `${got.valid.length} flags for ${rows.batch} rows`}`);
        flags = Int32Array.from(got.valid);
        checks.push({ result: flagsAgree(valid, flags, op.rule), scope: 'contract' });
      }
      const values = op.values(e, rows, p, got.out, flags);
      // unspecified: invalid rows were fed only to show nothing crashes; their outputs are not the kernel's promise
      if (e.invalidRows !== 'unspecified') return [...checks, ...values];
      return [...checks, ...values.map((c) => ({ ...c, result: onRows(c.result, valid) }))];
    },
  };
}

const TRANSFORM_OPS: readonly TransformOp[] = Object.keys(OPS) as TransformOp[];

export function isTransformOp(op: string): op is TransformOp {
  return Object.hasOwn(OPS, op);
}

/** The op of a transform entry; a sampling entry is a TypeError naming it. */
function opOf(entry: ManifestEntry): OpContract {
  const op = entry.reference.op;
  if (!isTransformOp(op)) throw new TypeError(`${entry.name}: reference op '${op}' is not a row transform (${TRANSFORM_OPS.join(', ')})`);
  return OPS[op];
}

/** The contract of a transform entry; a sampling entry is a TypeError naming it. */
export function transformContractOf(entry: ManifestEntry): TransformContract {
  return contractOf(opOf(entry));
}

/** Each row's validity under the entry's op (what a flag would say; which rows an `unspecified` entry is held to). */
export function transformRowValidity(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams): boolean[] {
  return opOf(entry).validity(rows, params);
}

/** The contract checks a transform entry does not promise (recorded as not applicable, never as passed). */
export function transformNotApplicable(entry: ManifestEntry): NotApplicable[] {
  const flags = validFlagsPromise(entry);
  return flags.kind === 'none' ? [{ check: flags.check, declared: flags.declared }] : [];
}
