/**
 * One row-transform launch as its entry declares it: the call (the row input and the parameters the entry has), the
 * rows it reads (its element type), its outputs (the valid flags only when it has a valid output), and the assertion
 * of every check of transform-contracts.ts, scoped and recorded, with the contract checks it does not promise
 * recorded as not applicable.
 */
import type { BindBuffer, BindOptions, KernelRunner } from '../../harness/kernel-binding.ts';
import { rowInputOf, type LaunchShape, type ManifestEntry } from '../../src/manifest/index.ts';
import type { RowBatch } from '../../src/types.ts';
import { expectCheck, type Reproduction } from './expect-check.ts';
import { filterArgs, paramsLabel, type FilterParams } from './filter-of.ts';
import { callKernel, type KernelCall } from './kernel-call.ts';
import { noteNotApplicable, rerun } from './sampling-expect.ts';
import { inputKindOf, type NamedRows } from './sampling-inputs.ts';
import { FLASHINFER_BATCHES, FLASHINFER_VOCABS } from './sampling-shapes.ts';
import { transformContractOf, transformNotApplicable, type TransformOutput } from './transform-contracts.ts';

/** The FlashInfer grid: every shape a transform must launch at (and is timed at). */
export const TRANSFORM_SHAPES: readonly LaunchShape[] = FLASHINFER_BATCHES.flatMap((batch) => FLASHINFER_VOCABS.map((vocab) => ({ batch, vocab })));

/** One transform call: the input (host rows or a device buffer), per-row parameters among the buffers. */
export function transformCall(entry: ManifestEntry, shape: LaunchShape, data: BindBuffer, params: FilterParams): KernelCall {
  const { scalars, perRow } = filterArgs(entry, params);
  return { batch: shape.batch, vocab: shape.vocab, buffers: { [rowInputOf(entry).name]: data, ...perRow }, scalars };
}

/** The transform's row output parameter (the `out` buffer that is not the valid output). */
export function outputName(entry: ManifestEntry): string {
  const out = entry.params.find((p) => p.role === 'out' && p.name !== entry.validOutput);
  if (out === undefined) throw new RangeError(`${entry.name}: no out parameter besides the valid output`);
  return out.name;
}

/** One launch on host rows (already as the entry reads them: sampling-inputs.ts rowsFor): its row output and flags. */
export async function runTransform(runner: KernelRunner, entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams, options: BindOptions): Promise<TransformOutput & { ms: number }> {
  const r = await callKernel(runner, entry, transformCall(entry, rows, rows.data, params), options);
  const valid = entry.validOutput === null ? null : (r.outputs[entry.validOutput] as Int32Array | Uint32Array);
  return { out: r.outputs[outputName(entry)] as Float32Array, valid, ms: r.ms };
}

/** Records (on the current test) the contract checks the entry does not promise; prints each once per file. */
export function noteTransformNotApplicable(entry: ManifestEntry): void {
  noteNotApplicable(entry, transformNotApplicable(entry));
}

/** Every check of one launch's output asserted and recorded with its scope; failing rows saved as regressions. */
export function expectTransform(entry: ManifestEntry, input: NamedRows, params: FilterParams, got: TransformOutput, reproduce: Reproduction = {}, caseSuffix = ''): void {
  const failing = { rows: input.rows, kind: inputKindOf(entry), params: { kernel: entry.name, input: input.name, params: paramsLabel(params) } } as const;
  const ctx = { kernel: entry.name, case: `${input.name} (${paramsLabel(params)})${caseSuffix}`, failing, reproduce: { command: rerun(entry.family), ...reproduce } };
  for (const c of transformContractOf(entry).checks(entry, input.rows, params, got)) expectCheck(c.result, { ...ctx, scope: c.scope });
}

/** Whether every check of one output holds (fast-check properties). */
export function transformHolds(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams, got: TransformOutput): boolean {
  return transformContractOf(entry).checks(entry, rows, params, got).every((c) => c.result.ok);
}
