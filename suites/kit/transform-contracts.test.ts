/**
 * The transform contracts can fail: the reference passes them, and a planted fault in its output (what a broken
 * kernel would write) fails the check named for it. The prefix-sum case "every row flagged invalid, zeros written"
 * passed the old prefix-sum test, which masked the reference with the kernel's own flags. Then the declared
 * contracts: no valid output (invalid rows unspecified: their outputs are never compared), tie policy any, and
 * f16/bf16 inputs seen as the kernel reads them.
 */
import { describe, expect, it } from 'vitest';
import type { ManifestEntry } from '../../src/manifest/index.ts';
import type { RowBatch } from '../../src/types.ts';
import { edgeInputs } from './edge-rows.ts';
import type { FilterParams } from './filter-of.ts';
import path from 'node:path';
import { f16Bits, f16Value, loadManifest } from '../../src/manifest/index.ts';
import { REPO_ROOT } from './kernel-dir.ts';
import { distinctRows, rowsFor } from './sampling-inputs.ts';
import type { ScopedCheck } from './sampling-run.ts';
import { isPrefixSumRowValid, transformContractOf, transformNotApplicable, type TransformOp, type TransformOutput } from './transform-contracts.ts';

const shipped = loadManifest(path.join(REPO_ROOT, 'kernels'));
const downstream = loadManifest(path.join(REPO_ROOT, 'examples', 'downstream-abi'));
const byOp = (op: TransformOp, m = shipped, pick: (e: ManifestEntry) => boolean = () => true): ManifestEntry => {
  const e = m.entries.find((x) => x.reference.op === op && pick(x));
  if (e === undefined) throw new Error(`no ${op} entry in ${m.dir}`);
  return e;
};

const failing = (checks: readonly ScopedCheck[]): string[] => checks.filter((c) => !c.result.ok).map((c) => c.result.stage);
const flagsOf = (o: TransformOutput): Int32Array | Uint32Array => {
  if (o.valid === null) throw new Error('the shipped transforms have a valid output');
  return o.valid;
};

function failedStages(op: TransformOp, rows: RowBatch<Float32Array>, params: FilterParams, plant: (ref: TransformOutput) => TransformOutput): string[] {
  const e = byOp(op);
  const c = transformContractOf(e);
  const ref = c.reference(e, rows, params);
  expect(failing(c.checks(e, rows, params, ref)), `${op}: the reference fails its own contract`).toEqual([]);
  const copy = { out: ref.out.slice(), valid: flagsOf(ref).slice() };
  return failing(c.checks(e, rows, params, plant(copy)));
}

const logits = distinctRows('logits', 4, 3000, 'contract-faults');
const probs = distinctRows('probs', 4, 3000, 'contract-faults');
const oneUlpUp = (x: number): number => {
  const f = new Float32Array([x]);
  new Int32Array(f.buffer)[0]! += 1;
  return f[0] as number;
};
const at = (o: TransformOutput, i: number, f: (x: number) => number): TransformOutput => {
  o.out[i] = f(o.out[i] as number);
  return o;
};

describe('transform contracts catch planted faults', () => {
  it('softmax: a wrong flag, a value off by 1e-3', () => {
    expect(failedStages('softmax', logits, { temperature: 1 }, (o) => ((flagsOf(o)[2] = 0), o))).toContain('valid-flags');
    expect(failedStages('softmax', logits, { temperature: 1 }, (o) => at(o, 5, (x) => x + 1e-3))).toEqual(['valid-distribution', 'softmax values']);
  });

  it('temperature and mask-logits: one ulp, or one eligible logit masked, is a bit-for-bit failure', () => {
    expect(failedStages('temperature', logits, { temperature: Math.fround(0.7) }, (o) => at(o, 7, oneUlpUp))).toEqual(['temperature (bit for bit)']);
    expect(failedStages('mask-logits', logits, { k: 10 }, (o) => at(o, o.out.findIndex((x) => x !== -Infinity), () => -Infinity))).toEqual(['top-k mask (bit for bit)']);
  });

  it('renorm: an eligible value off by 2^-20 relative', () => {
    const stages = failedStages('renorm', probs, { k: 100, p: Math.fround(0.9) }, (o) => at(o, o.out.findIndex((x) => x > 0), (x) => x * (1 + 2 ** -20)));
    expect(stages).toContain(`${byOp('renorm').reference.filter} renorm values`);
  });

  it('prefix sum: every row flagged invalid with zeros written (passed the old test), a dip on a valid row, a NaN turned into 0', () => {
    expect(failedStages('prefix-sum', probs, {}, (o) => ({ out: new Float32Array(o.out.length), valid: new Int32Array(flagsOf(o).length) }))).toEqual(['valid-flags', 'prefix sum values']);
    expect(failedStages('prefix-sum', probs, {}, (o) => at(o, 100, (x) => x - 0.01))).toEqual(['monotone-non-decreasing', 'prefix sum values']);
    const invalid = edgeInputs('probs').find((i) => i.name.includes('negative, NaN'))?.rows as RowBatch<Float32Array>;
    const nanAt = invalid.vocab + invalid.vocab - 1; // row 1 holds NaN in its last entry
    expect(isPrefixSumRowValid(invalid.data.subarray(invalid.vocab, 2 * invalid.vocab))).toBe(false);
    expect(failedStages('prefix-sum', invalid, {}, (o) => at(o, nanAt, () => 0))).toEqual(['prefix sum values']);
  });

  it('prefix sum: an entry declaring an exclusive scan is held to it (an inclusive output fails)', () => {
    const inclusive = byOp('prefix-sum');
    const exclusive: ManifestEntry = { ...inclusive, reference: { ...inclusive.reference, scan: 'exclusive' } };
    const c = transformContractOf(exclusive);
    const want = c.reference(exclusive, probs, {});
    expect(want.out[0]).toBe(0);
    expect(failing(c.checks(exclusive, probs, {}, want))).toEqual([]);
    expect(failing(c.checks(exclusive, probs, {}, transformContractOf(inclusive).reference(inclusive, probs, {})))).toEqual(['prefix sum values']);
  });
});

/** Row 0 valid, row 1 holds a NaN (invalid under every transform's rule), row 2 valid. */
const mixed = ((): RowBatch<Float32Array> => {
  const r = distinctRows('probs', 3, 64, 'contract-mixed');
  r.data[64 + 5] = Number.NaN;
  return r;
})();
const scopes = (checks: readonly ScopedCheck[]): [string, string, boolean][] => checks.map((c) => [c.result.stage, c.scope, c.result.ok]);

describe('a transform without a valid output (invalidRows unspecified)', () => {
  const softmaxNoFlag = byOp('softmax', downstream);
  const prefixNoFlag = byOp('prefix-sum', downstream);

  it('has no valid-flag check (not applicable, declared) and is held to its values on every valid row', () => {
    expect(transformNotApplicable(softmaxNoFlag)).toEqual([{ check: 'valid-flags', declared: 'invalidRows = unspecified' }]);
    expect(transformNotApplicable(byOp('softmax'))).toEqual([]);
    const c = transformContractOf(prefixNoFlag);
    const ref = c.reference(prefixNoFlag, mixed, {});
    expect(ref.valid).toBeNull();
    expect(scopes(c.checks(prefixNoFlag, mixed, {}, ref))).toEqual([
      ['monotone-non-decreasing', 'universal', true],
      ['prefix sum values', 'universal', true],
    ]);
    // checked counts the valid rows only
    expect(c.checks(prefixNoFlag, mixed, {}, ref).map((x) => x.result.detail.checked)).toEqual([2, 2]);
  });

  it('whatever it writes into an invalid row passes; a wrong value in a valid row fails', () => {
    const c = transformContractOf(prefixNoFlag);
    const garbage = c.reference(prefixNoFlag, mixed, {}).out.slice();
    garbage.fill(-7, 64, 128); // the invalid row: decreasing, far from any prefix
    expect(failing(c.checks(prefixNoFlag, mixed, {}, { out: garbage, valid: null }))).toEqual([]);
    garbage[2 * 64 + 10] = (garbage[2 * 64 + 10] as number) + 0.01;
    const findings = c.checks(prefixNoFlag, mixed, {}, { out: garbage, valid: null }).flatMap((x) => x.result.detail.findings.map((f) => f.row));
    expect(findings).toEqual([2, 2]);
  });

  it('softmax at T = 1: zeros or NaN in an invalid logit row pass, a valid row off by 1e-3 fails', () => {
    const rows = distinctRows('logits', 3, 50, 'contract-softmax-mixed');
    rows.data[50] = Number.POSITIVE_INFINITY;
    const c = transformContractOf(softmaxNoFlag);
    const out = c.reference(softmaxNoFlag, rows, { temperature: 1 }).out.slice();
    out.fill(Number.NaN, 50, 100);
    expect(failing(c.checks(softmaxNoFlag, rows, { temperature: 1 }, { out, valid: null }))).toEqual([]);
    out[3] = (out[3] as number) + 1e-3;
    expect(failing(c.checks(softmaxNoFlag, rows, { temperature: 1 }, { out, valid: null }))).toEqual(['valid-distribution', 'softmax values']);
  });

  it('a kernel that declares a valid output is still held to its flags and to the zeros of invalid rows', () => {
    const e = byOp('softmax');
    const rows = distinctRows('logits', 3, 50, 'contract-softmax-mixed');
    rows.data[50] = Number.POSITIVE_INFINITY;
    const c = transformContractOf(e);
    const ref = c.reference(e, rows, { temperature: 1 });
    const out = ref.out.slice().fill(Number.NaN, 50, 100);
    expect(failing(c.checks(e, rows, { temperature: 1 }, { out, valid: ref.valid }))).toEqual(['valid-distribution', 'softmax values']);
    expect(() => c.checks(e, rows, { temperature: 1 }, { out: ref.out, valid: null })).toThrow(/declares the valid output 'valid', but the launch returned no flags/);
  });
});

describe('tie policy any (renorm, top-k mask): anything between the exact and the ties-kept set', () => {
  // 6 tokens: 0.4 above, then four ties at 0.125 and a 0.1: top-k with k = 3 keeps 0.4 and two ties (exact) or all four
  const tied = { data: Float32Array.of(0.125, 0.4, 0.125, 0.1, 0.125, 0.125), batch: 1, vocab: 6 };
  const renormAny: ManifestEntry = { ...byOp('renorm', shipped, (e) => e.reference.filter === 'top-k'), tiePolicy: 'any' };
  const maskAny: ManifestEntry = { ...byOp('mask-logits'), tiePolicy: 'any' };
  const renormOut = (keep: readonly number[]): Float32Array => {
    const mass = keep.reduce((m, i) => m + Math.floor((tied.data[i] as number) * 2 ** 32), 0);
    return Float32Array.from(tied.data, (w, i) => (keep.includes(i) ? (w * 2 ** 32) / mass : 0));
  };
  const renormStages = (keep: readonly number[]): string[] => failing(transformContractOf(renormAny).checks(renormAny, tied, { k: 3 }, { out: renormOut(keep), valid: Int32Array.of(1) }));

  it('renorm: the exact set, all ties, or two other ties pass; one tie too few or a tie outside the set fails', () => {
    expect(renormStages([0, 1, 2])).toEqual([]);
    expect(renormStages([0, 1, 2, 4, 5])).toEqual([]);
    expect(renormStages([1, 4, 5])).toEqual([]);
    expect(renormStages([1, 5])).toEqual(['tie policy (any: between exact and ties-kept)']);
    expect(renormStages([1, 3, 5])).toContain('top-k renorm values');
    // the reference itself (the ties-kept set) passes its own contract
    const c = transformContractOf(renormAny);
    expect(failing(c.checks(renormAny, tied, { k: 3 }, c.reference(renormAny, tied, { k: 3 })))).toEqual([]);
  });

  it('top-k mask: a kept tie is its logit, a dropped one −inf; fewer ties than the exact set fails', () => {
    const logitRow = { data: Float32Array.of(1, 3, 1, 0.5, 1, 1), batch: 1, vocab: 6 };
    const masked = (keep: readonly number[]): Float32Array => Float32Array.from(logitRow.data, (x, i) => (keep.includes(i) ? x : -Infinity));
    const stages = (keep: readonly number[]): string[] => failing(transformContractOf(maskAny).checks(maskAny, logitRow, { k: 3 }, { out: masked(keep), valid: Int32Array.of(1) }));
    expect(stages([0, 1, 2])).toEqual([]);
    expect(stages([1, 2, 5])).toEqual([]);
    expect(stages([0, 1, 2, 4, 5])).toEqual([]);
    expect(stages([1, 2])).toEqual(['tie policy (any: between exact and ties-kept)']);
    expect(stages([0, 1, 3])).toEqual(['tie policy (any: between exact and ties-kept)', 'top-k mask (bit for bit)']);
    // the exact entry is not loosened: another choice of ties fails it
    const exact = byOp('mask-logits', shipped, (e) => e.tiePolicy === 'exact');
    expect(failing(transformContractOf(exact).checks(exact, logitRow, { k: 3 }, { out: masked([1, 2, 5]), valid: Int32Array.of(1) }))).toEqual(['top-k mask (bit for bit)']);
  });
});

describe('f16 and bf16 inputs', () => {
  it('the reference and the checks see the widened values the kernel reads', () => {
    const base = byOp('softmax');
    const f16: ManifestEntry = { ...base, params: base.params.map((p) => (p.role === 'in' ? { ...p, type: 'f16*' as const } : p)) };
    const rows = distinctRows('logits', 2, 300, 'contract-f16');
    const fed = rowsFor(f16, rows);
    expect(fed.data).not.toEqual(rows.data);
    expect([...fed.data].every((x) => f16Value(f16Bits(x)) === x)).toBe(true);
    const c = transformContractOf(f16);
    // a kernel computing on the f16 values passes; the fp32 softmax of the unrounded rows is a different output
    expect(failing(c.checks(f16, fed, { temperature: 1 }, c.reference(f16, fed, { temperature: 1 })))).toEqual([]);
    const unrounded = c.reference(f16, rows, { temperature: 1 });
    expect(failing(c.checks(f16, fed, { temperature: 1 }, unrounded))).toContain('softmax values');
  });
});
