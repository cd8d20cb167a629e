/**
 * THE manifest-driven binding between a suite and a kernel: validate (call-validation.ts), compile once per
 * runner, upload inputs, allocate outputs, launch with the manifest's launch rule, download outputs, free
 * everything. `bindKernel` keeps the uploaded inputs for many launches (chi-square: upload once, launch with
 * offset = launch index); `callKernel` is one launch.
 */
import path from 'node:path';
import type { GpuRunner, LaunchResult, RunnerKernelArg } from '../../harness/index.ts';
import type { BufferHandle, ModuleHandle } from '../../harness/handles.ts';
import { arrayKindOf, type AbiEntry, type DeviceArray, type LaunchResolver } from './abi.ts';
import { planCall, type KernelCall, type PlannedArg } from './call-validation.ts';

export type KernelRunner = Pick<GpuRunner, 'compile' | 'upload' | 'alloc' | 'download' | 'free' | 'launch'>;

export interface BindOptions<E extends AbiEntry> {
  /** Directory holding `entry.file` and `include/`. */
  readonly kernelDir: string;
  readonly resolveLaunch: LaunchResolver<E>;
  /** Watchdog budget per launch (ms); default: the runner's. */
  readonly budgetMs?: number;
}

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

const modules = new WeakMap<KernelRunner, Map<string, Promise<ModuleHandle>>>();

function moduleFor(runner: KernelRunner, kernelDir: string, file: string): Promise<ModuleHandle> {
  let byFile = modules.get(runner);
  if (byFile === undefined) modules.set(runner, (byFile = new Map()));
  const source = path.resolve(kernelDir, file);
  let m = byFile.get(source);
  if (m === undefined) {
    m = runner.compile({ source, includeDirs: [kernelDir, path.join(kernelDir, 'include')], name: path.basename(file) });
    byFile.set(source, m);
    m.catch(() => byFile.delete(source));
  }
  return m;
}

export interface BoundKernel {
  /** Launches once; `scalars` override the bound ones (e.g. offset). Returns GPU-event milliseconds. */
  launch(scalars?: Readonly<Record<string, number | bigint>>): Promise<number>;
  /** Downloads output (or inout) parameter `name` as its typed array. */
  read(name: string): Promise<DeviceArray>;
  dispose(): Promise<void>;
}

export async function bindKernel<E extends AbiEntry>(runner: KernelRunner, entry: E, call: KernelCall, opts: BindOptions<E>): Promise<BoundKernel> {
  let plan = planCall(entry, call);
  const launch = opts.resolveLaunch(entry, { batch: call.batch, vocab: call.vocab });
  const module = await moduleFor(runner, opts.kernelDir, entry.file);
  const handles = new Map<string, { handle: BufferHandle; length: number; arg: PlannedArg }>();
  const release = async (): Promise<void> => {
    const all = [...handles.values()];
    handles.clear();
    for (const h of all) await runner.free(h.handle).catch(() => undefined); // a dead worker already freed them
  };
  try {
    for (const a of plan) {
      if (a.kind === 'upload') handles.set(a.param.name, { handle: await runner.upload(a.data), length: a.data.length, arg: a });
      if (a.kind === 'alloc') {
        const bytes = a.length * arrayKindOf(a.param.type as 'f32*').ctor.BYTES_PER_ELEMENT;
        handles.set(a.param.name, { handle: await runner.alloc(bytes), length: a.length, arg: a });
      }
    }
  } catch (e) {
    await release();
    throw e;
  }
  const args = (): RunnerKernelArg[] =>
    plan.map((a): RunnerKernelArg => {
      switch (a.kind) {
        case 'upload':
        case 'alloc':
          return { type: 'ptr', buffer: (handles.get(a.param.name) as { handle: BufferHandle }).handle };
        case 'null':
          return { type: 'u64', value: 0n }; // a null device pointer: same 8-byte slot
        case 'u64':
          return { type: 'u64', value: a.value };
        default:
          return { type: a.kind, value: a.value };
      }
    });
  return {
    async launch(scalars) {
      if (scalars !== undefined) plan = planCall(entry, { ...call, scalars: { ...(call.scalars ?? {}), ...scalars } });
      const r = await runner.launch({
        module,
        fn: entry.function,
        grid: { x: launch.grid, y: 1, z: 1 },
        block: { x: launch.block, y: 1, z: 1 },
        sharedBytes: launch.sharedBytes,
        args: args(),
        ...(opts.budgetMs !== undefined ? { budgetMs: opts.budgetMs } : {}),
      });
      if (!r.ok) throw new KernelLaunchError(entry.name, r);
      return r.ms;
    },
    async read(name) {
      const h = handles.get(name);
      if (h === undefined || h.arg.param.role === 'in' || h.arg.param.role === 'per-row') {
        throw new RangeError(`${entry.name}: '${name}' is not an output parameter`);
      }
      const ctor = arrayKindOf(h.arg.param.type as 'f32*').ctor as Float32ArrayConstructor;
      return runner.download(h.handle, ctor, h.length);
    },
    dispose: release,
  };
}

export interface KernelCallResult {
  readonly outputs: Readonly<Record<string, DeviceArray>>;
  readonly ms: number;
}

/** One validated launch: every `out`/`inout` parameter downloaded; all device memory freed, also on failure. */
export async function callKernel<E extends AbiEntry>(runner: KernelRunner, entry: E, call: KernelCall, opts: BindOptions<E>): Promise<KernelCallResult> {
  const bound = await bindKernel(runner, entry, call, opts);
  try {
    const ms = await bound.launch();
    const outputs: Record<string, DeviceArray> = {};
    for (const p of entry.params) if (p.role === 'out' || p.role === 'inout') outputs[p.name] = await bound.read(p.name);
    return { outputs, ms };
  } finally {
    await bound.dispose();
  }
}
