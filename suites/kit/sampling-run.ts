/**
 * One sampling launch and the checks of what its entry declares: the kernel's tokens (any token type), its valid
 * flags when it has them, the uniforms it read when the harness wrote them; the universal checks (token range,
 * never-masked, filter guarantee) and the contract checks (valid-flag policy, tie policy, replay) that apply.
 */
import type { BindBuffer, BoundKernel, KernelRunner } from '../../harness/kernel-binding.ts';
import { rowInputOf, type LaunchShape, type ManifestEntry } from '../../src/manifest/index.ts';
import {
  invalidRowTokensChecked,
  neverSamplesMasked,
  replayPromise,
  satisfiesFilter,
  tiePolicyPromise,
  tokenInRange,
  validFlagsMatch,
  validFlagsPromise,
  type CheckScope,
  type NotApplicable,
} from '../../src/checks/index.ts';
import { applyTemperature, eligibleMask, isValidLogitRow, isValidProbRow, referenceSample, referenceSampleFromLogits, type MarginSample } from '../../src/reference/index.ts';
import { rowUniforms } from '../../src/rng/index.ts';
import { launchOffset, type DrawPlan } from '../../src/stats/experiment/index.ts';
import type { CheckResult, RowBatch } from '../../src/types.ts';
import { filterArgs, filterSpecOf, type FilterParams } from './filter-of.ts';
import { bindCall, launchedMs, type KernelCall } from './kernel-call.ts';
import { bindOptions } from './manifest.ts';
import { inputKindOf } from './sampling-inputs.ts';

/** What one launch of a sampling entry returned. */
export interface SamplingLaunch {
  /** One token per row, as numbers (i32, u32 or i64 outputs alike). */
  readonly token: Float64Array;
  /** The valid flags, or null for an entry without a valid output. */
  readonly valid: Int32Array | Uint32Array | null;
  /** uniforms-in: the uniform each row's kernel read (the first of its n); null otherwise. */
  readonly uniforms: Float32Array | null;
  readonly ms: number;
}

/** A check result with the promise it needs. */
export interface ScopedCheck {
  readonly result: CheckResult;
  readonly scope: CheckScope;
}

/** `rows` must already be the rows the entry reads (sampling-inputs.ts rowsFor). */
export function samplingCall(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams, seed: bigint, offset: bigint): KernelCall {
  return samplingCallOn(entry, rows.data, { batch: rows.batch, vocab: rows.vocab }, params, seed, offset);
}

/**
 * The same call over an input that may already be on the device (replicated rows, device-rows.ts). `seed` and
 * `offset` are the kernel's own (philox-replay, seeded) or the rocRAND generator's that fills its uniforms.
 */
export function samplingCallOn(entry: ManifestEntry, input: BindBuffer, shape: LaunchShape, params: FilterParams, seed: bigint, offset: bigint): KernelCall {
  const { scalars, perRow } = filterArgs(entry, params);
  return { batch: shape.batch, vocab: shape.vocab, buffers: { [rowInputOf(entry).name]: input, ...perRow }, scalars: { ...scalars, seed, offset } };
}

/** The first of each row's uniforms the bound call's kernel read last (uniforms-in), else null. */
function rowUniformsRead(bound: BoundKernel): Float32Array | null {
  const all = bound.uniforms();
  const rng = bound.entry.rng;
  if (all === null || rng?.mode !== 'uniforms-in') return null;
  const n = rng.uniformsPerRow;
  return n === 1 ? all : Float32Array.from({ length: all.length / n }, (_v, r) => all[r * n] as number);
}

/** Tokens, valid flags and uniforms of the bound call's last launch. */
export async function readDraws(bound: BoundKernel): Promise<Omit<SamplingLaunch, 'ms'>> {
  const token = await bound.readTokens();
  const v = bound.entry.validOutput;
  const valid = v === null ? null : ((await bound.read(v)) as Int32Array | Uint32Array);
  return { token, valid, uniforms: rowUniformsRead(bound) };
}

export async function runSampling(runner: KernelRunner, entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams, seed: bigint, offset: bigint): Promise<SamplingLaunch> {
  const bound = await bindCall(runner, entry, samplingCall(entry, rows, params, seed, offset), bindOptions());
  try {
    const ms = launchedMs(entry.name, await bound.launch());
    return { ...(await readDraws(bound)), ms };
  } finally {
    await bound.free();
  }
}

/** The reference's Philox replay of a philox-replay entry (one uniform per row, subsequence = row). */
export function referenceFor(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams, seed: bigint, offset: bigint): MarginSample[] {
  const u = rowUniforms(seed, offset, rows.batch);
  const spec = filterSpecOf(entry, params);
  return inputKindOf(entry) === 'logits' ? referenceSampleFromLogits(rows, spec, u, params.temperature) : referenceSample(rows, spec, u);
}

/** Whether row r of `rows` is valid under the entry's input kind (probability or logit rules). */
export function rowValidity(entry: ManifestEntry, rows: RowBatch<Float32Array>): (row: number) => boolean {
  const isValid = inputKindOf(entry) === 'logits' ? isValidLogitRow : isValidProbRow;
  const ok = Array.from({ length: rows.batch }, (_v, r) => isValid(rows.data.subarray(r * rows.vocab, (r + 1) * rows.vocab)));
  return (row) => ok[row] === true;
}

/**
 * Universal checks (token range, never-masked, the filter guarantee under the widest set the entry may return) and
 * the contract checks of the valid-flag policy and an exact tie policy, when declared. An `unspecified` entry's
 * invalid rows are left out: only that nothing crashed is checked for them.
 */
export function guaranteeChecks(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams, launch: Omit<SamplingLaunch, 'ms' | 'uniforms'>): ScopedCheck[] {
  const kind = inputKindOf(entry) === 'logits' ? 'logits' : 'probabilities';
  const valid = rowValidity(entry, rows);
  const checks: ScopedCheck[] = [{ result: tokenInRange(launch.token, rows.vocab, invalidRowTokensChecked(entry) ? undefined : valid), scope: 'universal' }];
  const flags = validFlagsPromise(entry);
  if (flags.kind === 'flag' && launch.valid !== null) checks.push({ result: validFlagsMatch(rows, launch.valid, { tokens: launch.token, rows: kind }), scope: 'contract' });
  checks.push({ result: neverSamplesMasked(rows, launch.token, kind), scope: 'universal' });
  if (kind === 'probabilities') {
    // fixed-point masses are exact, so the filter is checked with tolerance 0
    checks.push({ result: satisfiesFilter(rows, launch.token, filterSpecOf(entry, params, 'ties-kept'), 0), scope: 'universal' });
    if (tiePolicyPromise(entry)?.kind === 'exact') {
      const exact = satisfiesFilter(rows, launch.token, filterSpecOf(entry, params, 'exact'), 0);
      checks.push({ result: { ...exact, stage: `${exact.stage} (exact ties)` }, scope: 'contract' });
    }
  }
  return checks;
}

/** The contract checks this entry does not promise (recorded as not applicable, never as passed). */
export function notApplicableChecks(entry: ManifestEntry): NotApplicable[] {
  const out: NotApplicable[] = [];
  const replay = replayPromise(entry);
  if (replay.kind === 'none') out.push({ check: replay.check, declared: replay.declared });
  const flags = validFlagsPromise(entry);
  if (flags.kind === 'none') out.push({ check: flags.check, declared: flags.declared });
  const ties = tiePolicyPromise(entry);
  if (ties?.kind === 'none') out.push({ check: ties.check, declared: ties.declared });
  return out;
}

/** The fp32 weights a logit entry samples from, w = fl32(exp(fl32(x/T) − max)); probability rows as they are. */
export function samplingWeights(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams): RowBatch<Float32Array> {
  if (inputKindOf(entry) === 'probs') return rows;
  const scaled = params.temperature === undefined ? rows : applyTemperature(rows, params.temperature);
  const data = new Float32Array(scaled.data.length).fill(Number.NaN); // invalid logit rows stay invalid weights
  for (let r = 0; r < scaled.batch; r++) {
    const row = scaled.data.subarray(r * scaled.vocab, (r + 1) * scaled.vocab);
    if (!isValidLogitRow(row)) continue;
    let max = -Infinity;
    for (const x of row) if (x > max) max = x;
    row.forEach((x, i) => (data[r * scaled.vocab + i] = Math.exp(Math.fround(x - max))));
  }
  return { data, batch: scaled.batch, vocab: scaled.vocab };
}

/** The eligibility masks of row r an entry may sample from: one set, or exact and ties-kept for tie policy `any`. */
export function eligibleSets(entry: ManifestEntry, weights: RowBatch<Float32Array>, params: FilterParams): (row: number) => Uint8Array[] {
  const policies = entry.tiePolicy === 'any' ? (['exact', 'ties-kept'] as const) : ([undefined] as const);
  return (r) => {
    const row = weights.data.subarray(r * weights.vocab, (r + 1) * weights.vocab);
    return policies.map((policy) => eligibleMask(row, filterSpecOf(entry, params, policy), r));
  };
}

/**
 * The seed-stream offset of launch `launch` of a draw plan. A Philox or seeded kernel gives each row its own stream,
 * so one step per launch never reuses a number; a uniforms-in kernel's rows read one rocRAND stream at consecutive
 * positions (rocrand_generate_uniform), so its launches step by the uniforms one launch reads — a step of 1 would
 * hand launch l + 1 the uniforms of launch l shifted by one row.
 */
export function drawOffset(entry: ManifestEntry, plan: DrawPlan, launch: number): bigint {
  if (entry.rng?.mode !== 'uniforms-in') return launchOffset(plan, launch);
  return plan.baseOffset + BigInt(launch) * BigInt(plan.rowsPerLaunch * entry.rng.uniformsPerRow);
}
