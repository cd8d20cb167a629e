/**
 * The indices block of a sampling family: every entry with an `indices` parameter launched with a non-null index
 * buffer (of its declared type, i32 or i64) whose output batch differs from the input batch and repeats input rows,
 * at a vocab small enough for one part per row and at one split into parts that start off a 16-byte boundary; each
 * launch held to everything its entry declares against the reference on the gathered rows with subsequence = output
 * row (indices.ts), per-row parameters per output row. Indices in a device buffer are the kernel's to check: one
 * launch passes indices outside [0, inputBatch) through a device buffer, and those output rows must be invalid.
 */
import { expect, it } from 'vitest';
import type { ManifestEntry } from '../../src/manifest/index.ts';
import { suiteSeed } from '../../src/stats/experiment/index.ts';
import type { RowBatch } from '../../src/types.ts';
import { filterArgs, paramsLabel, type FilterParams } from './filter-of.ts';
import { describeGpu, gpuRunner } from './gpu.ts';
import { record } from '../../src/report/record.ts';
import { gatherRows, indexedCall, indexedParams } from './indices.ts';
import { bindCall, launchedMs, type KernelCall } from './kernel-call.ts';
import { bindOptions } from './manifest.ts';
import { casesFor, expectLaunchMatches } from './sampling-expect.ts';
import { distinctRows, inputKindOf, rowsFor } from './sampling-inputs.ts';
import { readDraws, type SamplingLaunch } from './sampling-run.ts';
import type { SamplingFamily } from './sampling-suite.ts';
import type { BufferHandle } from '../../harness/handles.ts';
import type { KernelRunner } from '../../harness/kernel-binding.ts';

/** Input rows, and output row i reading input row INDICES[i]: 8 output rows over 3 input rows, each read again. */
export const INPUT_ROWS = 3;
export const INDICES: readonly number[] = [2, 2, 0, 2, 1, 2, 2, 0];
/** Device indices with two outside [0, INPUT_ROWS): those output rows are invalid. */
export const OUT_OF_RANGE_INDICES: readonly number[] = [1, -1, INPUT_ROWS, 0];
/** One part per row: every parameter case runs here. */
export const SMALL_VOCAB = 1000;
/**
 * Several parts per row at 8 output rows: under the shipped launch rules the samplers from probabilities split it into
 * 10 parts of 12,828 entries, so odd parts start 8 bytes off a 16-byte boundary in a 16-bit row. The family's last
 * parameter case (its per-row arrays, when it has them) runs here too.
 */
export const SPLIT_VOCAB = 128_256;

/** The (vocab, parameter cases) an entry's indexed launches cover. */
function plan(spec: SamplingFamily, entry: ManifestEntry): [number, FilterParams[]][] {
  const last = casesFor(spec.cases, entry, SPLIT_VOCAB, INDICES.length).slice(-1);
  return [[SMALL_VOCAB, casesFor(spec.cases, entry, SMALL_VOCAB, INDICES.length)], [SPLIT_VOCAB, last]];
}

/** The declared index type's array of `values`. */
export function indexArray(entry: ManifestEntry, values: readonly number[]): Int32Array | BigInt64Array {
  const type = entry.params.find((p) => p.role === 'indices')?.type;
  return type === 'i64*' ? BigInt64Array.from(values, (v) => BigInt(v)) : Int32Array.from(values);
}

async function launch(runner: KernelRunner, entry: ManifestEntry, call: KernelCall): Promise<SamplingLaunch> {
  const bound = await bindCall(runner, entry, call, bindOptions());
  try {
    const ms = launchedMs(entry.name, await bound.launch());
    return { ...(await readDraws(bound)), ms };
  } finally {
    await bound.free();
  }
}

/** The call over `rows` with indices already on the device (the binding cannot check their values). */
function deviceIndexedCall(entry: ManifestEntry, rows: RowBatch<Float32Array>, indices: BufferHandle, batch: number, params: FilterParams, seed: bigint, offset: bigint): KernelCall {
  const names = indexedParams(entry);
  const { scalars, perRow } = filterArgs(entry, params);
  return { batch, vocab: rows.vocab, inputBatch: rows.batch, buffers: { [names.rows]: rows.data, [names.indices]: indices, ...perRow }, scalars: { ...scalars, seed, offset } };
}

export function indicesBlock(spec: SamplingFamily, entries: () => ManifestEntry[]): void {
  // an entry without an indices parameter does not promise the gather: recorded as not applicable, and a family
  // where no entry declares it skips both tests with that reason (never a pass, never a failure)
  const indexed = (): ManifestEntry[] => {
    const all = entries();
    const declares = (e: ManifestEntry): boolean => e.params.some((p) => p.role === 'indices');
    for (const e of all.filter((x) => !declares(x))) record.notApplicable({ kernel: e.name, check: 'indices', declared: 'no indices parameter' });
    return all.filter(declares);
  };
  const NONE = 'not applicable: no entry of the family declares an indices parameter';
  describeGpu(`${spec.family}: indices (output row i reads input row indices[i], subsequence = output row)`, () => {
    it(`${INDICES.length} output rows over ${INPUT_ROWS} input rows, repeated indices, the declared index type, every parameter case`, async (ctx) => {
      const declared = indexed();
      if (declared.length === 0) ctx.skip(NONE);
      const runner = await gpuRunner();
      let launched = 0;
      for (const e of declared) {
        for (const [vocab, cases] of plan(spec, e)) {
          const rows = rowsFor(e, distinctRows(inputKindOf(e), INPUT_ROWS, vocab, `indices-${vocab}`));
          const indices = indexArray(e, INDICES);
          const gathered = { name: `indices [${INDICES.join(', ')}] over ${INPUT_ROWS} rows of vocab ${vocab}`, rows: gatherRows(rows, indices) };
          for (const params of cases) {
            const seed = suiteSeed(`${spec.family}/indices/${e.name}/${vocab}/${paramsLabel(params)}`);
            const got = await launch(runner, e, indexedCall(e, rows, indices, params, seed, 7n));
            expect(got.token.length, `${e.name}: one token per output row`).toBe(INDICES.length);
            expectLaunchMatches(e, gathered, params, seed, 7n, got);
            launched++;
          }
        }
      }
      expect(launched, 'no launch: no entry of the family declares indices').toBeGreaterThan(0);
    });

    it(`device indices outside [0, inputBatch) (${OUT_OF_RANGE_INDICES.join(', ')}) make those output rows invalid`, async (ctx) => {
      const declared = indexed();
      if (declared.length === 0) ctx.skip(NONE);
      const runner = await gpuRunner();
      let launched = 0;
      for (const e of declared) {
        const rows = rowsFor(e, distinctRows(inputKindOf(e), INPUT_ROWS, SMALL_VOCAB, 'indices-out-of-range'));
        const values = indexArray(e, OUT_OF_RANGE_INDICES);
        const params = casesFor(spec.cases, e, rows.vocab, OUT_OF_RANGE_INDICES.length)[0] ?? {};
        const seed = suiteSeed(`${spec.family}/indices-out-of-range/${e.name}`);
        const handle = await runner.upload(values);
        try {
          const got = await launch(runner, e, deviceIndexedCall(e, rows, handle, values.length, params, seed, 3n));
          // the gathered rows of out-of-range indices are NaN rows: the reference makes them invalid (token 0, valid 0)
          expectLaunchMatches(e, { name: `device indices [${OUT_OF_RANGE_INDICES.join(', ')}]`, rows: gatherRows(rows, values) }, params, seed, 3n, got);
          if (got.valid !== null && e.invalidRows === 'flag') expect([...got.valid], `${e.name}: valid flags`).toEqual(OUT_OF_RANGE_INDICES.map((i) => (i >= 0 && i < INPUT_ROWS ? 1 : 0)));
          launched++;
        } finally {
          await runner.free(handle).catch(() => undefined); // a watchdog-killed worker already lost it
        }
      }
      expect(launched, 'no launch: no entry of the family declares indices').toBeGreaterThan(0);
    });
  });
}
