/**
 * The suites' call shape over harness/kernel-binding.ts, which binds, validates (one validator: harness's planCall)
 * and launches every kernel. A suite describes a call flat (`{ batch, vocab, buffers, scalars }`, per-row arrays
 * among the buffers); `callKernel` is one launch with every output downloaded, and a launch that did not complete
 * is thrown as a KernelLaunchError so a test fails with the runner's whole result.
 */
import { bindKernel, type BindOptions, type BoundKernel, type CallInputs, type HostArray, type KernelRunner } from '../../harness/kernel-binding.ts';
import type { LaunchResult } from '../../harness/runner.ts';
import type { LaunchShape, ManifestEntry } from '../../src/manifest/index.ts';

export interface KernelCall extends LaunchShape, CallInputs {}

/** A launch that did not complete: the runner's watchdog or error result, kept whole for the report. */
export class KernelLaunchError extends Error {
  constructor(readonly kernel: string, readonly result: Exclude<LaunchResult, { ok: true }>) {
    super(
      result.kind === 'watchdog'
        ? `${kernel}: watchdog: still running after ${result.elapsedMs.toFixed(0)} ms (grid ${result.grid.x}, block ${result.block.x})`
        : `${kernel}: launch failed: ${result.message}`,
    );
    this.name = 'KernelLaunchError';
  }
}

/** The GPU-event milliseconds of a completed launch; throws KernelLaunchError otherwise. */
export function launchedMs(kernel: string, result: LaunchResult): number {
  if (!result.ok) throw new KernelLaunchError(kernel, result);
  return result.ms;
}

/** Binds a flat call: validated before any device work, inputs uploaded once for many launches. */
export function bindCall(runner: KernelRunner, entry: ManifestEntry, call: KernelCall, options: BindOptions): Promise<BoundKernel> {
  const { batch, vocab, inputBatch, draft, ...inputs } = call;
  const shape: LaunchShape = { batch, vocab, ...(inputBatch === undefined ? {} : { inputBatch }), ...(draft === undefined ? {} : { draft }) };
  return bindKernel(runner, entry, shape, inputs, options);
}

interface KernelCallResult {
  readonly outputs: Readonly<Record<string, HostArray>>;
  readonly ms: number;
}

/** One validated launch: every `out`/`inout` parameter downloaded; all device memory freed, also on failure. */
export async function callKernel(runner: KernelRunner, entry: ManifestEntry, call: KernelCall, options: BindOptions): Promise<KernelCallResult> {
  const bound = await bindCall(runner, entry, call, options);
  try {
    const ms = launchedMs(entry.name, await bound.launch());
    const outputs: Record<string, HostArray> = {};
    for (const b of bound.buffers) if (b.role === 'out' || b.role === 'inout') outputs[b.name] = await bound.read(b.name);
    return { outputs, ms };
  } finally {
    await bound.free();
  }
}
