/**
 * The transform contracts can fail: the reference passes them, and a planted fault in its output (what a broken
 * kernel would write) fails the check named for it. The prefix-sum case "every row flagged invalid, zeros written"
 * passed the old prefix-sum test, which masked the reference with the kernel's own flags.
 */
import { describe, expect, it } from 'vitest';
import type { ManifestEntry } from '../../src/manifest/index.ts';
import type { RowBatch } from '../../src/types.ts';
import { edgeInputs } from './edge-rows.ts';
import type { FilterParams } from './filter-of.ts';
import { suiteManifest } from './manifest.ts';
import { distinctRows } from './sampling-inputs.ts';
import { isPrefixSumRowValid, transformContractOf, type TransformOp, type TransformOutput } from './transform-contracts.ts';

const byOp = (op: TransformOp): ManifestEntry => {
  const e = suiteManifest().entries.find((x) => x.reference.op === op);
  if (e === undefined) throw new Error(`no ${op} entry in the kernel directory`);
  return e;
};

function failedStages(op: TransformOp, rows: RowBatch<Float32Array>, params: FilterParams, plant: (ref: TransformOutput) => TransformOutput): string[] {
  const e = byOp(op);
  const c = transformContractOf(e);
  const ref = c.reference(e, rows, params);
  expect(c.checks(e, rows, params, ref).filter((r) => !r.ok).map((r) => r.stage), `${op}: the reference fails its own contract`).toEqual([]);
  const copy = { out: ref.out.slice(), valid: ref.valid.slice() };
  return c.checks(e, rows, params, plant(copy)).filter((r) => !r.ok).map((r) => r.stage);
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
    expect(failedStages('softmax', logits, { temperature: 1 }, (o) => ((o.valid[2] = 0), o))).toContain('valid-flags');
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
    expect(failedStages('prefix-sum', probs, {}, (o) => ({ out: new Float32Array(o.out.length), valid: new Int32Array(o.valid.length) }))).toEqual(['valid-flags', 'prefix sum values']);
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
    expect(c.checks(exclusive, probs, {}, want).every((r) => r.ok)).toBe(true);
    expect(c.checks(exclusive, probs, {}, transformContractOf(inclusive).reference(inclusive, probs, {})).filter((r) => !r.ok).map((r) => r.stage)).toEqual(['prefix sum values']);
  });
});
