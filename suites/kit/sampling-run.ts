/**
 * One sampling launch and its reference: the GPU's tokens and valid flags, the TypeScript reference's
 * `MarginSample`s for the same (seed, offset), and the checks of issue 5 applied to both.
 */
import type { LaunchShape, ManifestEntry } from '../../src/manifest/index.ts';
import { referenceSample, referenceSampleFromLogits, type MarginSample } from '../../src/reference/index.ts';
import { neverSamplesMasked, satisfiesFilter, tokenInRange, validFlagsMatch, checkResult } from '../../src/checks/index.ts';
import { rowUniforms } from '../../src/rng/index.ts';
import type { CheckResult, Finding, RowBatch } from '../../src/types.ts';
import { filterArgs, filterSpecOf, type FilterParams } from './filter-of.ts';
import type { BindBuffer, KernelRunner } from '../../harness/kernel-binding.ts';
import { bindOptions } from './manifest.ts';
import { callKernel, type KernelCall } from './kernel-call.ts';
import { inputKindOf } from './sampling-inputs.ts';

/** Logit kernels use GPU expf: a row whose uniform lies this close (in units of u) to a CDF boundary may flip. */
export const LOGIT_REPLAY_MARGIN = 1e-5;

export interface SamplingLaunch {
  readonly token: Int32Array;
  readonly valid: Int32Array;
  readonly ms: number;
}

export function samplingCall(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams, seed: bigint, offset: bigint): KernelCall {
  return samplingCallOn(entry, rows.data, { batch: rows.batch, vocab: rows.vocab }, params, seed, offset);
}

/** The same call over an input that may already be on the device (replicated rows, device-rows.ts). */
export function samplingCallOn(entry: ManifestEntry, input: BindBuffer, shape: LaunchShape, params: FilterParams, seed: bigint, offset: bigint): KernelCall {
  const { scalars, perRow } = filterArgs(entry, params);
  const name = inputKindOf(entry) === 'logits' ? 'logits' : 'probs';
  return { batch: shape.batch, vocab: shape.vocab, buffers: { [name]: input, ...perRow }, scalars: { ...scalars, seed, offset } };
}

export async function runSampling(runner: KernelRunner, entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams, seed: bigint, offset: bigint): Promise<SamplingLaunch> {
  const r = await callKernel(runner, entry, samplingCall(entry, rows, params, seed, offset), bindOptions());
  return { token: r.outputs.token as Int32Array, valid: r.outputs.valid as Int32Array, ms: r.ms };
}

export function referenceFor(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams, seed: bigint, offset: bigint): MarginSample[] {
  const u = rowUniforms(seed, offset, rows.batch);
  const spec = filterSpecOf(entry, params);
  return inputKindOf(entry) === 'logits' ? referenceSampleFromLogits(rows, spec, u, params.temperature) : referenceSample(rows, spec, u);
}

export interface ReplayOutcome {
  readonly result: CheckResult;
  readonly exact: number;
  readonly nearBoundary: number;
}

/**
 * Exact replay: probability kernels must match the reference bit for bit; logit kernels may differ only on rows
 * whose reference margin is below LOGIT_REPLAY_MARGIN (counted as near-boundary, not failures).
 */
export function replay(entry: ManifestEntry, launch: SamplingLaunch, want: readonly MarginSample[]): ReplayOutcome {
  const tolerant = inputKindOf(entry) === 'logits';
  const findings: Finding[] = [];
  let exact = 0;
  let near = 0;
  want.forEach((w, row) => {
    const got = { token: launch.token[row] as number, valid: launch.valid[row] === 1 };
    if (got.token === w.token && got.valid === w.valid) exact++;
    else if (tolerant && w.valid && got.valid && w.margin < LOGIT_REPLAY_MARGIN) near++;
    else findings.push({ row, index: got.token, message: 'GPU token differs from the reference replay', values: { gpuToken: got.token, gpuValid: got.valid, refToken: w.token, refValid: w.valid, margin: w.margin } });
  });
  return { result: checkResult('exact replay', findings, want.length), exact, nearBoundary: near };
}

/** Token range, valid flags, masked tokens and (for probability kernels) the filter guarantee, in that order. */
export function guaranteeChecks(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams, launch: SamplingLaunch): CheckResult[] {
  const kind = inputKindOf(entry) === 'logits' ? 'logits' : 'probabilities';
  const checks = [
    tokenInRange(launch.token, rows.vocab),
    validFlagsMatch(rows, launch.valid, { tokens: launch.token, rows: kind }),
    neverSamplesMasked(rows, launch.token, kind),
  ];
  // fixed-point contract: masses are exact, so the filter is checked with tolerance 0
  if (kind === 'probabilities') checks.push(satisfiesFilter(rows, launch.token, filterSpecOf(entry, params), 0));
  return checks;
}
