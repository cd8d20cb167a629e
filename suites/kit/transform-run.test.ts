/**
 * A transform launched through the real binding as its entry declares it, on the in-process JS runner: a softmax
 * without a valid output (the downstream ABI's: `batch_size`/`vocab_size`, no temperature, invalid rows
 * unspecified) that writes NaN into invalid rows passes on the committed fixtures and edge rows, a planted fault in a
 * valid row fails; a bf16 prefix sum is checked against the values it read. The transform suite of before read the
 * flags of every entry (`valid[r]` of an entry that has none) and could not run these at all.
 */
import { describe, expect, it } from 'vitest';
import type { JsKernel, JsKernelContext } from '../../test/binding/js-runner.ts';
import { jsRunner } from '../../test/binding/js-runner.ts';
import { bf16Value, validateManifest, type ManifestEntry } from '../../src/manifest/index.ts';
import { isValidLogitRow } from '../../src/reference/index.ts';
import { edgeInputs } from './edge-rows.ts';
import { acceptsParams } from './filter-of.ts';
import { committedInputs, distinctRows, rowsFor } from './sampling-inputs.ts';
import { isPrefixSumRowValid, transformContractOf } from './transform-contracts.ts';
import { outputName, runTransform, transformHolds } from './transform-run.ts';

const module = { kind: 'module', id: 1, name: 'k.hip', key: 'js' } as const;
const shape = [
  { name: 'batch_size', type: 'i32', role: 'batch', range: [1, 2147483647] },
  { name: 'vocab_size', type: 'i32', role: 'vocab', range: [1, 2097151] },
];
const entryOf = (json: Record<string, unknown>): ManifestEntry => validateManifest({ version: 1, entries: [json] }, { file: 'js.json', dir: '/js', fileExists: () => true }).entries[0] as ManifestEntry;

const SOFTMAX = entryOf({
  name: 'softmax_kernel',
  file: 'k.hip',
  function: 'js_softmax',
  family: 'softmax',
  params: [{ name: 'logits', type: 'f32*', role: 'in', shape: 'batch*vocab' }, { name: 'probabilities', type: 'f32*', role: 'out', shape: 'batch*vocab' }, ...shape],
  launch: { grid: 'batch', block: 'min(256, vocab)' },
  reference: { op: 'softmax' },
  tiePolicy: null,
  rng: null,
  invalidRows: 'unspecified',
  outputs: { probabilities: 'softmax of each row' },
});

const PREFIX_BF16 = entryOf({
  name: 'prefix_sum_bf16',
  file: 'k.hip',
  function: 'js_prefix_bf16',
  family: 'prefix-sum',
  params: [{ name: 'input', type: 'bf16*', role: 'in', shape: 'batch*vocab' }, { name: 'output', type: 'f32*', role: 'out', shape: 'batch*vocab' }, ...shape],
  launch: { grid: 'batch', block: 256 },
  reference: { op: 'prefix-sum', scan: 'inclusive' },
  tiePolicy: null,
  rng: null,
  invalidRows: 'unspecified',
  outputs: { output: 'inclusive prefix sums' },
});

/** Rows of one launch: argument 0 read as `read(view, index)`, argument 1 written as fp32, arguments 2 and 3 the shape. */
function rowKernel(read: (m: DataView, i: number) => number, bytes: number, row: (x: Float64Array) => Float64Array): JsKernel {
  return (ctx: JsKernelContext) => {
    const [input, out, batch, vocab] = [ctx.mem(0), ctx.mem(1), ctx.num(2), ctx.num(3)];
    for (let r = 0; r < batch; r++) {
      const x = Float64Array.from({ length: vocab }, (_v, i) => read(input, (r * vocab + i) * bytes));
      row(x).forEach((y, i) => out.setFloat32((r * vocab + i) * 4, y, true));
    }
    return 0.01;
  };
}

/** float64 softmax; a row it does not define (NaN, +inf, no finite entry) gets NaN: whatever, the kernel assumes valid input. */
const softmaxRow = (x: Float64Array): Float64Array => {
  if (!isValidLogitRow(x)) return x.map(() => Number.NaN);
  const max = Math.max(...x);
  const e = x.map((v) => Math.exp(v - max));
  const total = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / total);
};
const prefixRow = (x: Float64Array): Float64Array => {
  let s = 0;
  return x.map((v) => (s += v));
};
const f32 = (m: DataView, at: number): number => m.getFloat32(at, true);
const bf16 = (m: DataView, at: number): number => bf16Value(m.getUint16(at, true));

describe('a transform without a valid output, through the binding', () => {
  const inputs = [...committedInputs('logits'), ...edgeInputs('logits')];

  it('softmax (downstream ABI): every fixture and edge row passes, invalid rows written with NaN included', async () => {
    const runner = jsRunner({ js_softmax: rowKernel(f32, 4, softmaxRow) });
    let invalidRows = 0;
    for (const input of inputs) {
      const rows = rowsFor(SOFTMAX, input.rows);
      const got = await runTransform(runner, SOFTMAX, rows, { temperature: 1 }, { module });
      expect(got.valid, 'no valid output, no flags').toBeNull();
      const checks = transformContractOf(SOFTMAX).checks(SOFTMAX, rows, { temperature: 1 }, got);
      expect(checks.filter((c) => !c.result.ok).map((c) => `${input.name}: ${c.result.stage}`)).toEqual([]);
      for (let r = 0; r < rows.batch; r++) if (!isValidLogitRow(rows.data.subarray(r * rows.vocab, (r + 1) * rows.vocab))) invalidRows++;
    }
    expect(invalidRows, 'the inputs hold invalid rows the kernel was fed').toBeGreaterThan(0);
    expect(runner.launches.length).toBe(inputs.length);
    expect(outputName(SOFTMAX)).toBe('probabilities');
  });

  it('softmax: a value off by 1e-3 in a valid row fails; a temperature it does not have is no case for it', async () => {
    const planted = jsRunner({ js_softmax: rowKernel(f32, 4, (x) => softmaxRow(x).map((v, i) => (i === 2 ? v + 1e-3 : v))) });
    const rows = distinctRows('logits', 3, 40, 'js-softmax');
    const got = await runTransform(planted, SOFTMAX, rows, { temperature: 1 }, { module });
    expect(transformHolds(SOFTMAX, rows, { temperature: 1 }, got)).toBe(false);
    expect(transformContractOf(SOFTMAX).checks(SOFTMAX, rows, { temperature: 1 }, got).filter((c) => !c.result.ok).map((c) => c.result.stage)).toEqual(['valid-distribution', 'softmax values']);
    expect(acceptsParams(SOFTMAX, { temperature: 1 })).toBe(true);
    expect(acceptsParams(SOFTMAX, { temperature: 0.5 })).toBe(false);
    expect(acceptsParams(SOFTMAX, { temperature: [1, 2] })).toBe(false);
  });

  it('bf16 prefix sum: held to the bf16 values it read, not to the fp32 rows they were rounded from', async () => {
    const runner = jsRunner({ js_prefix_bf16: rowKernel(bf16, 2, prefixRow) });
    const generated = distinctRows('probs', 4, 500, 'js-prefix-bf16');
    generated.data[500 + 7] = -1; // an invalid row: fed, not compared
    const rows = rowsFor(PREFIX_BF16, generated);
    expect(isPrefixSumRowValid(rows.data.subarray(500, 1000))).toBe(false);
    const got = await runTransform(runner, PREFIX_BF16, rows, {}, { module });
    expect(transformHolds(PREFIX_BF16, rows, {}, got)).toBe(true);
    // the same output judged against the unrounded rows is off by the bf16 rounding: the inputs must be widened
    expect(transformHolds(PREFIX_BF16, generated, {}, got)).toBe(false);
  });
});
