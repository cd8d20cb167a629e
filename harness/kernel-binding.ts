/**
 * THE place a manifest entry becomes a launch. bindKernel validates the whole call (binding/call-plan.ts) before
 * anything reaches the device, then uploads inputs and allocates outputs once; the returned BoundKernel launches
 * as often as needed with changed scalars (a new offset per statistical draw, thousands of bench launches) without
 * re-uploading, reads outputs back, and frees what it allocated.
 */
import path from 'node:path';
import type { LaunchShape, ManifestEntry, ResolvedLaunch } from '../src/manifest/types.ts';
import {
  arrayCtorOf,
  checkScalar,
  elementCount,
  isPointerType,
  planCall,
  type CallInputs,
  type CallPlan,
  type PlannedArg,
  type ScalarValue,
} from './binding/call-plan.ts';
import type { BufferHandle, ModuleHandle } from './handles.ts';
import type { GpuRunner, LaunchResult, RunnerKernelArg } from './runner.ts';
import { kernelIncludeDirs } from './toolchain.ts';

export type { BindBuffer, CallInputs, HostArray, ScalarValue } from './binding/call-plan.ts';

/** What the binding needs of a runner (a GpuRunner, or a wrapper that counts or logs calls). */
export type KernelRunner = Pick<GpuRunner, 'info' | 'compile' | 'upload' | 'alloc' | 'download' | 'free' | 'launch'>;

export interface BindOptions {
  /** The compiled module holding entry.function; else compiled from `kernelDir/entry.file`. */
  readonly module?: ModuleHandle;
  /** The manifest's directory (Manifest.dir). */
  readonly kernelDir?: string;
  /** Watchdog budget per launch (ms); default: the runner's. */
  readonly budgetMs?: number;
}

export interface LaunchOverrides {
  readonly scalars?: Readonly<Record<string, ScalarValue>>;
  /** Time the kernel from when the GPU reaches it (LaunchOptions.queuedTiming): for benchmarks. */
  readonly queuedTiming?: boolean;
}

/** One device buffer of a bound call: its parameter, role and size (benches count the bytes moved). */
export interface BoundBuffer {
  readonly name: string;
  readonly role: 'in' | 'out' | 'inout' | 'per-row';
  readonly bytes: number;
  /** null for an omitted per-row array (a null pointer). */
  readonly handle: BufferHandle | null;
  /** False for a device buffer the caller passed in: the binding does not free it. */
  readonly owned: boolean;
}

export interface BoundKernel extends AsyncDisposable {
  readonly entry: ManifestEntry;
  readonly shape: LaunchShape;
  readonly launchGeometry: ResolvedLaunch;
  readonly buffers: readonly BoundBuffer[];
  launch(overrides?: LaunchOverrides): Promise<LaunchResult>;
  /** Downloads an out/inout buffer as the parameter's typed array. */
  read(name: string): Promise<Float32Array | Int32Array | Uint32Array>;
  free(): Promise<void>;
}

/** Modules per runner and source file: every runner.compile() is a new module the worker loads and keeps. */
const modules = new WeakMap<object, Map<string, Promise<ModuleHandle>>>();

/**
 * The compiled module of an entry's source file, compiled once per runner (a suite binds thousands of calls;
 * recompiling would load a new copy of the module into the worker each time). A failed compile is not cached.
 */
export function compileEntry(runner: Pick<GpuRunner, 'compile'>, kernelDir: string, entry: ManifestEntry): Promise<ModuleHandle> {
  let byFile = modules.get(runner);
  if (byFile === undefined) modules.set(runner, (byFile = new Map()));
  const source = path.resolve(kernelDir, entry.file);
  let module = byFile.get(source);
  if (module === undefined) {
    module = runner.compile({ source, includeDirs: kernelIncludeDirs(kernelDir), name: entry.file });
    byFile.set(source, module);
    module.catch(() => byFile.delete(source));
  }
  return module;
}

export async function bindKernel(
  runner: KernelRunner,
  entry: ManifestEntry,
  shape: LaunchShape,
  inputs: CallInputs,
  options: BindOptions = {},
): Promise<BoundKernel> {
  if (options.module === undefined && options.kernelDir === undefined) {
    throw new TypeError(`${entry.name}: bindKernel needs options.module or options.kernelDir (the manifest's directory)`);
  }
  const plan = planCall(entry, shape, inputs, runner.info().totalMemBytes);
  const module = options.module ?? (await compileEntry(runner, options.kernelDir as string, entry));
  const placed = await place(runner, plan);
  return new Bound(runner, plan, module, placed, options.budgetMs);
}

/** Uploads and allocates the plan's buffers; on failure frees what was already placed. */
async function place(runner: KernelRunner, plan: CallPlan): Promise<Map<string, BoundBuffer>> {
  const placed = new Map<string, BoundBuffer>();
  try {
    for (const a of plan.args) {
      const role = a.param.role as BoundBuffer['role'];
      if (a.kind === 'upload') placed.set(a.param.name, { name: a.param.name, role, bytes: a.data.byteLength, handle: await runner.upload(a.data), owned: true });
      else if (a.kind === 'alloc') placed.set(a.param.name, { name: a.param.name, role, bytes: a.bytes, handle: await runner.alloc(a.bytes), owned: true });
      else if (a.kind === 'device') placed.set(a.param.name, { name: a.param.name, role, bytes: elementCount(a.param, plan.shape) * 4, handle: a.handle, owned: false });
      else if (a.kind === 'null') placed.set(a.param.name, { name: a.param.name, role, bytes: 0, handle: null, owned: false });
    }
  } catch (e) {
    await freeOwned(runner, placed.values());
    throw e;
  }
  return placed;
}

async function freeOwned(runner: KernelRunner, buffers: Iterable<BoundBuffer>): Promise<void> {
  for (const b of buffers) {
    if (b.owned && b.handle) await runner.free(b.handle).catch(() => undefined); // a dead worker already lost it
  }
}

class Bound implements BoundKernel {
  readonly entry: ManifestEntry;
  readonly shape: LaunchShape;
  readonly launchGeometry: ResolvedLaunch;
  readonly buffers: readonly BoundBuffer[];
  private readonly scalars: Map<string, Extract<PlannedArg, { kind: 'scalar' }>>;
  private freed = false;

  constructor(
    private readonly runner: KernelRunner,
    private readonly plan: CallPlan,
    private readonly module: ModuleHandle,
    private readonly placed: Map<string, BoundBuffer>,
    private readonly budgetMs: number | undefined,
  ) {
    this.entry = plan.entry;
    this.shape = plan.shape;
    this.launchGeometry = plan.launch;
    this.buffers = [...placed.values()];
    this.scalars = new Map(plan.args.flatMap((a) => (a.kind === 'scalar' ? [[a.param.name, a] as const] : [])));
  }

  private alive(what: string): void {
    if (this.freed) throw new Error(`${this.entry.name}: ${what} after free()`);
  }

  async launch(overrides: LaunchOverrides = {}): Promise<LaunchResult> {
    this.alive('launch');
    const changed = new Map<string, number | bigint>();
    for (const [name, value] of Object.entries(overrides.scalars ?? {})) {
      const s = this.scalars.get(name);
      if (!s || name === 'batch' || name === 'vocab') {
        const allowed = [...this.scalars.keys()].filter((n) => n !== 'batch' && n !== 'vocab');
        throw new TypeError(`${this.entry.name}: launch override '${name}' is not an overridable scalar; allowed: ${allowed.join(', ') || '(none)'}`);
      }
      changed.set(name, checkScalar(this.entry.name, s.param, s.type, value));
    }
    const args = this.plan.args.map((a): RunnerKernelArg => {
      if (a.kind === 'scalar') {
        const v = changed.get(a.param.name) ?? a.value;
        return a.type === 'u64' ? { type: 'u64', value: v as bigint } : { type: a.type, value: v as number };
      }
      return { type: 'ptr', buffer: this.placed.get(a.param.name)?.handle ?? null };
    });
    const g = this.launchGeometry;
    return this.runner.launch({
      module: this.module,
      fn: this.entry.function,
      grid: { x: g.grid, y: 1, z: 1 },
      block: { x: g.block, y: 1, z: 1 },
      sharedBytes: g.sharedBytes,
      args,
      ...(this.budgetMs === undefined ? {} : { budgetMs: this.budgetMs }),
      ...(overrides.queuedTiming === true ? { queuedTiming: true } : {}),
    });
  }

  async read(name: string): Promise<Float32Array | Int32Array | Uint32Array> {
    this.alive('read');
    const param = this.entry.params.find((p) => p.name === name);
    const b = this.placed.get(name);
    if (!param || !b || !isPointerType(param.type) || (param.role !== 'out' && param.role !== 'inout') || !b.handle) {
      const outs = this.buffers.filter((x) => x.role === 'out' || x.role === 'inout').map((x) => x.name);
      throw new RangeError(`${this.entry.name}: read('${name}'): not an output buffer; outputs are: ${outs.join(', ')}`);
    }
    const length = elementCount(param, this.shape);
    const ctor = arrayCtorOf(param.type);
    // Spelled out per type: download's element type is inferred from one concrete constructor.
    if (ctor === Float32Array) return this.runner.download(b.handle, Float32Array, length);
    if (ctor === Int32Array) return this.runner.download(b.handle, Int32Array, length);
    return this.runner.download(b.handle, Uint32Array, length);
  }

  async free(): Promise<void> {
    if (this.freed) return;
    this.freed = true;
    await freeOwned(this.runner, this.buffers);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.free();
  }
}
