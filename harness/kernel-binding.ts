/**
 * THE place a manifest entry becomes a launch. bindKernel validates the whole call (binding/call-plan.ts) before
 * anything reaches the device, then uploads inputs, fills the uniforms and allocates outputs, intermediates and the
 * workspace once; the returned BoundKernel launches as often as needed with changed scalars (a new offset per
 * statistical draw, thousands of bench launches) without re-uploading, reads outputs back, and frees what it
 * allocated. A pipeline entry is one call of several launches: each has its own watchdog, the call's time is their
 * sum.
 */
import path from 'node:path';
import type { KernelParam, LaunchShape, ManifestEntry, ParamRole, ResolvedLaunch } from '../src/manifest/types.ts';
import { generateUniform } from '../src/rng/generate-uniform.ts';
import { arrayCtorOf, checkScalar, planCall, type CallInputs, type CallPlan, type HostArray, type PlannedArg, type ScalarValue } from './binding/call-plan.ts';
import { elementBytes, elementCount, type ElementPointerType } from './binding/plan-buffers.ts';
import { GENERATOR_PARAM, scalarTargets } from './binding/plan-scalars.ts';
import type { BufferHandle, ModuleHandle } from './handles.ts';
import type { GpuRunner, LaunchOptions, LaunchResult, RunnerKernelArg } from './runner.ts';
import { kernelIncludeDirs } from './toolchain.ts';

export type { BindBuffer, CallInputs, HostArray, ScalarValue } from './binding/call-plan.ts';

/**
 * What the binding needs of a runner (a GpuRunner, or a wrapper that counts or logs calls). `write` refills the
 * uniforms in place when a launch changes the seed or offset; without it they are uploaded to a fresh buffer.
 */
export type KernelRunner = Pick<GpuRunner, 'info' | 'compile' | 'upload' | 'alloc' | 'download' | 'free' | 'launch'> & Partial<Pick<GpuRunner, 'write'>>;

export interface BindOptions {
  /** The compiled module holding the entry's functions; else compiled from `kernelDir/entry.file`. */
  readonly module?: ModuleHandle;
  /** The manifest's directory (Manifest.dir). */
  readonly kernelDir?: string;
  /** Watchdog budget per launch, i.e. per pipeline stage (ms); default: the runner's. */
  readonly budgetMs?: number;
}

export interface LaunchOverrides {
  /** New values of scalars, named as in CallInputs.scalars (a new `offset` also redraws uniforms-in uniforms). */
  readonly scalars?: Readonly<Record<string, ScalarValue>>;
  /** Time each launch from when the GPU reaches it (LaunchOptions.queuedTiming): for benchmarks. */
  readonly queuedTiming?: boolean;
}

/** One device buffer of a bound call: its parameter (or intermediate), role and size (benches count bytes moved). */
export interface BoundBuffer {
  readonly name: string;
  readonly role: ParamRole | 'intermediate';
  readonly bytes: number;
  /** null for an omitted per-row array or an empty workspace (a null pointer). */
  readonly handle: BufferHandle | null;
  /** False for a device buffer the caller passed in: the binding does not free it. */
  readonly owned: boolean;
}

export interface BoundKernel extends AsyncDisposable {
  readonly entry: ManifestEntry;
  readonly shape: LaunchShape;
  /** The final launch's geometry (the only one of a single-kernel entry). */
  readonly launchGeometry: ResolvedLaunch;
  /** Every launch's geometry, in order. */
  readonly stageGeometry: readonly ResolvedLaunch[];
  readonly buffers: readonly BoundBuffer[];
  /** GPU ms of each launch of the last completed call (its sum is the call's `ms`). */
  readonly lastStageMs: readonly number[];
  /** One call: every stage in order; a failed stage ends it and is returned (its `kernel` names the function). */
  launch(overrides?: LaunchOverrides): Promise<LaunchResult>;
  /** Downloads an out/inout parameter or an intermediate as its typed array (f16/bf16 as raw bits in a Uint16Array). */
  read(name: string): Promise<HostArray>;
  /** The token output as numbers (exact below 2^53; an i64 token beyond that is still far outside [0, vocab)). */
  readTokens(): Promise<Float64Array>;
  /** The uniforms the next launch's kernel reads (uniforms-in; null otherwise): a copy. */
  uniforms(): Float32Array | null;
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
  const plan = planCall(entry, shape, inputs, runner.info());
  const module = options.module ?? (await compileEntry(runner, options.kernelDir as string, entry));
  const placed = await place(runner, plan);
  return new Bound(runner, plan, module, placed, options.budgetMs);
}

async function placeArg(runner: KernelRunner, a: PlannedArg, shape: LaunchShape): Promise<BoundBuffer | null> {
  const base = { name: a.param.name, role: a.param.role };
  switch (a.kind) {
    case 'upload':
    case 'uniforms':
      return { ...base, bytes: a.data.byteLength, handle: await runner.upload(a.data), owned: true };
    case 'alloc':
      return { ...base, bytes: a.bytes, handle: await runner.alloc(a.bytes), owned: true };
    case 'workspace':
      return { ...base, bytes: a.bytes, handle: a.bytes > 0 ? await runner.alloc(a.bytes) : null, owned: a.bytes > 0 };
    case 'device':
      // the bytes the kernel reads, not the whole buffer (a caller's buffer may be larger)
      return { ...base, bytes: elementCount(a.param, shape) * elementBytes(a.param.type as ElementPointerType), handle: a.handle, owned: false };
    case 'null':
      return { ...base, bytes: 0, handle: null, owned: false };
    case 'scalar':
      return null;
  }
}

/** Uploads and allocates the plan's buffers; on failure frees what was already placed. */
async function place(runner: KernelRunner, plan: CallPlan): Promise<Map<string, BoundBuffer>> {
  const placed = new Map<string, BoundBuffer>();
  try {
    for (const a of plan.args) {
      const b = await placeArg(runner, a, plan.shape);
      if (b) placed.set(b.name, b);
    }
    for (const m of plan.intermediates) {
      placed.set(m.buffer.name, { name: m.buffer.name, role: 'intermediate', bytes: m.bytes, handle: await runner.alloc(m.bytes), owned: true });
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

type ScalarArg = Extract<PlannedArg, { kind: 'scalar' }>;
type UniformsArg = Extract<PlannedArg, { kind: 'uniforms' }>;

class Bound implements BoundKernel {
  readonly entry: ManifestEntry;
  readonly shape: LaunchShape;
  readonly launchGeometry: ResolvedLaunch;
  readonly stageGeometry: readonly ResolvedLaunch[];
  lastStageMs: readonly number[] = [];
  private readonly scalars: Map<string, ScalarArg>;
  private generator: { seed: bigint; offset: bigint; data: Float32Array } | null;
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
    this.stageGeometry = plan.stages.map((s) => s.launch);
    this.scalars = new Map(plan.args.flatMap((a) => (a.kind === 'scalar' ? [[a.param.name, a] as const] : [])));
    const u = plan.args.find((a): a is UniformsArg => a.kind === 'uniforms');
    this.generator = u ? { seed: u.seed, offset: u.offset, data: u.data } : null;
  }

  get buffers(): readonly BoundBuffer[] {
    return [...this.placed.values()];
  }

  private alive(what: string): void {
    if (this.freed) throw new Error(`${this.entry.name}: ${what} after free()`);
  }

  /** Checks overrides by the same names and ranges as the call; returns new parameter values and generator state. */
  private overrides(given: Readonly<Record<string, ScalarValue>>): { values: Map<string, number | bigint>; seed?: bigint; offset?: bigint } {
    const targets = scalarTargets(this.entry);
    const values = new Map<string, number | bigint>();
    const out: { values: Map<string, number | bigint>; seed?: bigint; offset?: bigint } = { values };
    for (const [name, value] of Object.entries(given)) {
      const t = targets.get(name);
      if (t === undefined) {
        throw new TypeError(`${this.entry.name}: launch override '${name}' is not an overridable scalar; allowed: ${[...targets.keys()].join(', ') || '(none)'}`);
      }
      if (t.kind === 'generator') out[t.key] = checkScalar(this.entry.name, GENERATOR_PARAM[t.key], 'u64', value) as bigint;
      else values.set(t.param.name, checkScalar(this.entry.name, t.param, (this.scalars.get(t.param.name) as ScalarArg).type, value));
    }
    return out;
  }

  /** Redraws the uniforms for a new seed/offset and puts them where the kernel reads them. */
  private async refill(seed: bigint, offset: bigint): Promise<void> {
    const g = this.generator;
    const param = this.entry.params.find((p) => p.role === 'uniforms');
    const b = param ? this.placed.get(param.name) : undefined;
    if (!g || !b?.handle || (g.seed === seed && g.offset === offset)) return;
    const data = generateUniform(seed, offset, g.data.length);
    if (this.runner.write) await this.runner.write(b.handle, data);
    else {
      const handle = await this.runner.upload(data);
      await this.runner.free(b.handle).catch(() => undefined);
      this.placed.set(b.name, { ...b, handle });
    }
    this.generator = { seed, offset, data };
  }

  private stageArgs(args: readonly string[], values: Map<string, number | bigint>): RunnerKernelArg[] {
    return args.map((name): RunnerKernelArg => {
      const s = this.scalars.get(name);
      if (s) {
        const v = values.get(name) ?? s.value;
        return s.type === 'u64' ? { type: 'u64', value: v as bigint } : { type: s.type, value: v as number };
      }
      return { type: 'ptr', buffer: this.placed.get(name)?.handle ?? null };
    });
  }

  async launch(overrides: LaunchOverrides = {}): Promise<LaunchResult> {
    this.alive('launch');
    const o = this.overrides(overrides.scalars ?? {});
    if (this.generator && (o.seed !== undefined || o.offset !== undefined)) await this.refill(o.seed ?? this.generator.seed, o.offset ?? this.generator.offset);
    const workspace = this.entry.params.find((p) => p.role === 'workspace');
    const ws = workspace ? this.placed.get(workspace.name) : undefined;
    const times: number[] = [];
    let last: LaunchResult | undefined;
    for (const stage of this.plan.stages) {
      const g = stage.launch;
      const zero = ws?.handle && stage.args.includes(ws.name) ? [{ buffer: ws.handle, bytes: ws.bytes }] : [];
      const opts: LaunchOptions = {
        module: this.module,
        fn: stage.function,
        grid: { x: g.grid, y: 1, z: 1 },
        block: { x: g.block, y: 1, z: 1 },
        sharedBytes: g.sharedBytes,
        args: this.stageArgs(stage.args, o.values),
        ...(g.cooperative ? { cooperative: true } : {}),
        ...(zero.length > 0 ? { zeroBefore: zero } : {}),
        ...(this.budgetMs === undefined ? {} : { budgetMs: this.budgetMs }),
        ...(overrides.queuedTiming === true ? { queuedTiming: true } : {}),
      };
      last = await this.runner.launch(opts);
      if (!last.ok) return last;
      times.push(last.ms);
    }
    this.lastStageMs = times;
    if (times.length === 1) return last as LaunchResult;
    const ms = times.reduce((a, b) => a + b, 0);
    return { stage: 'launch', ok: true, ms, detail: { ms } };
  }

  async read(name: string): Promise<HostArray> {
    this.alive('read');
    const param = this.entry.params.find((p) => p.name === name);
    const inter = this.plan.intermediates.find((m) => m.buffer.name === name);
    const b = this.placed.get(name);
    const readable = inter !== undefined || (param !== undefined && (param.role === 'out' || param.role === 'inout'));
    if (!readable || !b?.handle) {
      const outs = this.buffers.filter((x) => x.role === 'out' || x.role === 'inout' || x.role === 'intermediate').map((x) => x.name);
      throw new RangeError(`${this.entry.name}: read('${name}'): not an output buffer; outputs are: ${outs.join(', ')}`);
    }
    const type = (inter?.buffer.type ?? param?.type) as ElementPointerType;
    const length = inter?.length ?? elementCount(param as KernelParam, this.shape);
    const ctor = arrayCtorOf(type);
    // Spelled out per type: download's element type is inferred from one concrete constructor.
    if (ctor === Float32Array) return this.runner.download(b.handle, Float32Array, length);
    if (ctor === Int32Array) return this.runner.download(b.handle, Int32Array, length);
    if (ctor === Uint32Array) return this.runner.download(b.handle, Uint32Array, length);
    if (ctor === Uint16Array) return this.runner.download(b.handle, Uint16Array, length);
    return this.runner.download(b.handle, BigInt64Array, length);
  }

  async readTokens(): Promise<Float64Array> {
    const name = this.entry.tokenOutput;
    if (name === null) throw new RangeError(`${this.entry.name}: op '${this.entry.reference.op}' has no token output`);
    const raw = await this.read(name);
    return Float64Array.from(raw as ArrayLike<number | bigint>, (v) => Number(v));
  }

  uniforms(): Float32Array | null {
    return this.generator ? this.generator.data.slice() : null;
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
