/**
 * One speculative launch through the binding, and its reference: the entry's buffers are found by the roles its
 * manifest `speculative` field names, never by parameter names, and the reference replays the same
 * (seed, offset) with the uniforms per row the manifest declares.
 */
import { bindKernel, type BindBuffer, type BindOptions, type BoundKernel, type KernelRunner } from '../../harness/kernel-binding.ts';
import { uniformsPerRowAt, type LaunchShape, type ManifestEntry, type SpeculativeBuffers } from '../../src/manifest/index.ts';
import { assertSpeculativeInputs, type SpeculativeInputs } from '../../src/reference/speculative-inputs.ts';
import { chainSpeculativeSample, type SpeculativeRow } from '../../src/reference/speculative.ts';
import { rowUniformStreams } from '../../src/rng/index.ts';
import { launchedMs } from './kernel-call.ts';
import type { SpeculativeLaunch } from './speculative-checks.ts';

/** The entry's speculative buffers; a clear error for an entry that is not a speculative sampler. */
function speculativeBuffersOf(entry: ManifestEntry): SpeculativeBuffers {
  if (entry.speculative === undefined) throw new TypeError(`${entry.name}: op '${entry.reference.op}' is not chain-speculative; it names no speculative buffers`);
  return entry.speculative;
}

/** The three inputs, as host arrays or device buffers. */
interface SpeculativeBufferInputs {
  readonly draftProbs: BindBuffer;
  readonly draftTokens: BindBuffer;
  readonly targetProbs: BindBuffer;
}

export interface SpeculativeCall {
  readonly shape: LaunchShape;
  readonly buffers: Record<string, BindBuffer>;
  readonly scalars: Record<string, bigint>;
}

export function speculativeCallOn(entry: ManifestEntry, inputs: SpeculativeBufferInputs, shape: Required<Pick<LaunchShape, 'batch' | 'vocab' | 'draft'>>, seed: bigint, offset: bigint): SpeculativeCall {
  const names = speculativeBuffersOf(entry);
  return {
    shape,
    buffers: { [names.draftProbs]: inputs.draftProbs, [names.draftTokens]: inputs.draftTokens, [names.targetProbs]: inputs.targetProbs },
    scalars: { seed, offset },
  };
}

/** The call for host inputs, unchecked: the kernel sees exactly these rows (the invalid-row tests need that). */
export function speculativeCall(entry: ManifestEntry, x: SpeculativeInputs, seed: bigint, offset: bigint): SpeculativeCall {
  return speculativeCallOn(entry, x, { batch: x.batch, vocab: x.vocab, draft: x.draft }, seed, offset);
}

/**
 * The call a caller who means to pass valid inputs makes: shapes and every row checked on the host first
 * (NaN, entries outside [0, 1], unnormalized rows, draft tokens out of range: a RangeError naming them).
 */
export function checkedSpeculativeCall(entry: ManifestEntry, x: SpeculativeInputs, seed: bigint, offset: bigint): SpeculativeCall {
  assertSpeculativeInputs(x);
  return speculativeCall(entry, x, seed, offset);
}

export function bindSpeculative(runner: KernelRunner, entry: ManifestEntry, call: SpeculativeCall, options: BindOptions): Promise<BoundKernel> {
  return bindKernel(runner, entry, call.shape, { buffers: call.buffers, scalars: call.scalars }, options);
}

/** The four outputs of the last launch of a bound speculative call. */
export async function readSpeculative(bound: BoundKernel, ms: number): Promise<SpeculativeLaunch> {
  const names = speculativeBuffersOf(bound.entry);
  const valid = bound.entry.validOutput;
  if (valid === null) throw new TypeError(`${bound.entry.name}: a speculative entry without a valid output cannot be checked for invalid rows`);
  const i32 = async (name: string): Promise<Int32Array> => Int32Array.from((await bound.read(name)) as ArrayLike<number>);
  return { tokens: await i32(names.tokens), accepted: await i32(names.accepted), emitted: await i32(names.emitted), valid: await i32(valid), ms };
}

/** One launch, every output read, everything freed. */
export async function runSpeculative(runner: KernelRunner, entry: ManifestEntry, call: SpeculativeCall, options: BindOptions): Promise<SpeculativeLaunch> {
  const bound = await bindSpeculative(runner, entry, call, options);
  try {
    return await readSpeculative(bound, launchedMs(entry.name, await bound.launch()));
  } finally {
    await bound.free();
  }
}

/** The reference rows for the same call: the entry's uniforms per row from (seed, subsequence = row, offset). */
export function speculativeReference(entry: ManifestEntry, x: SpeculativeInputs, seed: bigint, offset: bigint): SpeculativeRow[] {
  const perRow = uniformsPerRowAt(entry, { batch: x.batch, vocab: x.vocab, draft: x.draft });
  return chainSpeculativeSample(x, rowUniformStreams(seed, offset, x.batch, perRow));
}
