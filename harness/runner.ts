/**
 * GpuRunner: the parent-side async API over a worker process that owns the GPU. A launch over its budget is
 * reported as a watchdog failure and the worker is SIGKILLed; the next request starts a fresh worker, into which
 * modules are reloaded on demand, while buffers of the dead worker fail with a clear error.
 */
import { fileURLToPath } from 'node:url';
import type { BackendKind, DeviceInfo, Dim3, KernelArgOf, MemInfo } from './backends/types.ts';
import { config } from '../src/config/index.ts';
import { validateBudgetMs } from './budget.ts';
import { DeadlineError, WorkerConnection } from './child/connection.ts';
import type { CopyBandwidth, LaunchRequest, WireArg } from './child/protocol.ts';
import { compileKernel } from './compile.ts';
import { detect } from './detect.ts';
import type { BufferHandle, ModuleHandle } from './handles.ts';
import type { StageResult } from '../src/types.ts';
import { errorMessage } from '../src/errors.ts';

/** A kernel argument; a null buffer passes a null device pointer (a per-row parameter array the kernel should ignore). */
export type RunnerKernelArg = KernelArgOf<BufferHandle | null>;

export interface LaunchOptions {
  readonly module: ModuleHandle;
  readonly fn: string;
  readonly grid: Dim3;
  readonly block: Dim3;
  /**
   * Dynamic shared memory per block (default 0). Above 48 KiB the worker raises the function's limit first
   * (CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES / hipFuncAttributeMaxDynamicSharedMemorySize); above
   * `info().maxSharedBytesPerBlockOptin` the launch fails with an error naming both.
   */
  readonly sharedBytes?: number;
  readonly args: readonly RunnerKernelArg[];
  readonly budgetMs?: number;
  /**
   * Launch with every block co-resident (cuLaunchCooperativeKernel / hipModuleLaunchCooperativeKernel), as
   * grid-wide synchronization needs; a grid too large to be co-resident is a launch error, never a hang.
   */
  readonly cooperative?: boolean;
  /**
   * Buffers whose first `bytes` bytes are set to zero on the stream before the launch: before the queued-timing
   * hold kernel and the start event, so the zeroing is never part of `ms` (the watchdog budget does include it).
   */
  readonly zeroBefore?: readonly { readonly buffer: BufferHandle; readonly bytes: number }[];
  /**
   * Start the clock when the GPU reaches the kernel, not when the host asks for it: a one-thread hold kernel
   * (harness/hold/hold.hip, about HOLD_CYCLES clock cycles) keeps the stream busy while the host submits the start
   * event, the kernel and the end event, so `ms` excludes the host's submission latency (tens of µs through the
   * FFI, which otherwise dominates a short kernel's time). For benchmarks; the watchdog is unaffected.
   */
  readonly queuedTiming?: boolean;
}

/** Cycles the hold kernel spins: about 0.5 ms at 2 GHz, far longer than the host needs to submit three commands. */
export const HOLD_CYCLES = 1_000_000n;
const HOLD_SOURCE = fileURLToPath(new URL('./hold/hold.hip', import.meta.url));

export type LaunchResult =
  | (StageResult<{ ms: number }> & { readonly stage: 'launch'; readonly ok: true; readonly ms: number })
  | (StageResult<{ kernel: string; grid: Dim3; block: Dim3; elapsedMs: number }> & {
      readonly stage: 'launch';
      readonly ok: false;
      readonly kind: 'watchdog';
      readonly kernel: string;
      readonly grid: Dim3;
      readonly block: Dim3;
      readonly elapsedMs: number;
    })
  | (StageResult<{ message: string }> & { readonly stage: 'launch'; readonly ok: false; readonly kind: 'error'; readonly message: string });

export interface OpenOptions {
  /** Default: config().backend if cuda|hip|fake, else what detect() finds. */
  readonly backend?: BackendKind;
  /** Default watchdog budget per launch (ms); default config().budgetMs (SAMPLING_BUDGET_MS). */
  readonly budgetMs?: number;
  /** Extra time the parent waits past the budget before killing a worker stuck in a driver call. */
  readonly graceMs?: number;
  readonly log?: (line: string) => void;
}

export interface CompileRequest {
  readonly source: string;
  readonly includeDirs?: readonly string[];
  readonly defines?: Readonly<Record<string, string | number | boolean>>;
  readonly name: string;
}

type TypedArray =
  | Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array
  | BigInt64Array | BigUint64Array;
type TypedArrayCtor<T extends TypedArray> = { new (buffer: ArrayBuffer, byteOffset: number, length: number): T; readonly BYTES_PER_ELEMENT: number };

const DEFAULT_GRACE_MS = 3000;
/** Non-launch requests (copies of up to GBs, module loads) get this long before the worker is presumed stuck. */
const REQUEST_DEADLINE_MS = 120_000;

export class GpuRunner implements AsyncDisposable {
  private worker: WorkerConnection | null = null;
  private generation = 0;
  private device: DeviceInfo | null = null;
  private readonly modules = new Map<number, { name: string; key: string; binary: Uint8Array }>();
  /** Module ids loaded into the current worker. */
  private loaded = new Set<number>();
  private readonly live = new Map<number, BufferHandle>();
  private nextModuleId = 1;
  private lastDeath = '';
  private closed = false;

  private constructor(
    readonly backend: BackendKind,
    private readonly budgetMs: number,
    private readonly graceMs: number,
    private readonly log: (line: string) => void,
  ) {}

  static async open(opts: OpenOptions = {}): Promise<GpuRunner> {
    const budget = opts.budgetMs === undefined ? config().budgetMs : validateBudgetMs(opts.budgetMs, 'budgetMs');
    const grace = opts.graceMs ?? DEFAULT_GRACE_MS;
    if (!Number.isFinite(grace) || grace < 0) throw new RangeError(`graceMs must be ≥ 0, got ${grace}`);
    let backend = opts.backend;
    const chosen = config().backend;
    if (backend === undefined && (chosen === 'cuda' || chosen === 'hip' || chosen === 'fake')) backend = chosen;
    if (backend === undefined) {
      const d = await detect();
      if (!d.ok) throw new Error(`GpuRunner.open: no usable GPU backend: ${d.reason}`);
      backend = d.backend;
    }
    if (backend !== 'cuda' && backend !== 'hip' && backend !== 'fake') {
      throw new RangeError(`backend must be 'cuda', 'hip' or 'fake', got '${String(backend)}'`);
    }
    const r = new GpuRunner(backend, budget, grace, opts.log ?? (() => {}));
    await r.ensureWorker();
    return r;
  }

  /** Pid of the current worker (tests check it is gone after a kill or close). */
  get workerPid(): number | undefined {
    return this.worker?.pid;
  }

  info(): DeviceInfo {
    if (!this.device) throw new Error('GpuRunner.info(): runner is not open');
    return this.device;
  }

  private async ensureWorker(): Promise<WorkerConnection> {
    if (this.closed) throw new Error('GpuRunner is closed');
    if (this.worker?.alive) return this.worker;
    this.generation += 1;
    const w = new WorkerConnection(this.generation, this.log);
    this.worker = w;
    this.loaded = new Set();
    try {
      this.device = await w.request({ op: 'init', backend: this.backend }, REQUEST_DEADLINE_MS);
    } catch (e) {
      w.kill();
      await w.exited;
      throw e;
    }
    this.log(`worker generation ${this.generation} (pid ${w.pid}) on ${this.device.name} [${this.device.arch}]`);
    return w;
  }

  private killWorker(why: string): void {
    if (!this.worker) return;
    this.lastDeath = why;
    this.worker.kill();
  }

  async compile(req: CompileRequest): Promise<ModuleHandle> {
    if (typeof req.name !== 'string' || req.name === '') throw new TypeError('compile: name must be a non-empty string');
    await this.ensureWorker();
    const built = await compileKernel({
      source: req.source,
      includeDirs: req.includeDirs ?? [],
      defines: req.defines ?? {},
      target: { backend: this.backend, arch: this.info().arch },
    });
    const id = this.nextModuleId++;
    this.modules.set(id, { name: req.name, key: built.key, binary: built.binary });
    this.log(`compiled ${req.name} (${built.cached ? 'cached' : 'built'}, ${built.key.slice(0, 12)})`);
    return { kind: 'module', id, name: req.name, key: built.key };
  }

  private holdHandle: ModuleHandle | null = null;

  /** The hold kernel's module, compiled on the first queued-timing launch and kept for the runner's life. */
  private async holdModule(): Promise<ModuleHandle> {
    this.holdHandle ??= await this.compile({ source: HOLD_SOURCE, name: 'sampling_hold' });
    return this.holdHandle;
  }

  private async moduleLoaded(w: WorkerConnection, module: ModuleHandle): Promise<void> {
    const m = this.modules.get(module.id);
    if (!m) throw new RangeError(`module #${module.id} (${module.name}) was not compiled by this runner`);
    if (this.loaded.has(module.id)) return;
    await w.request({ op: 'loadModule', moduleId: module.id, binary: m.binary }, REQUEST_DEADLINE_MS);
    this.loaded.add(module.id);
  }

  private checkBuffer(h: BufferHandle, what: string): void {
    if (h?.kind !== 'buffer') throw new TypeError(`${what} must be a buffer handle from alloc() or upload()`);
    if (h.generation !== this.generation || !this.worker?.alive) {
      throw new Error(
        `${what}: buffer #${h.id} belonged to worker generation ${h.generation}, which is gone` +
          `${this.lastDeath ? ` (${this.lastDeath})` : ''}; buffers do not survive a worker restart: upload the data again`,
      );
    }
    if (!this.live.has(h.id)) throw new Error(`${what}: buffer #${h.id} was already freed`);
  }

  async alloc(bytes: number): Promise<BufferHandle> {
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`alloc: bytes must be a non-negative integer, got ${bytes}`);
    const w = await this.ensureWorker();
    const { bufferId } = await w.request({ op: 'alloc', bytes }, REQUEST_DEADLINE_MS);
    return this.track({ kind: 'buffer', id: bufferId, bytes, generation: w.generation });
  }

  async upload(data: ArrayBufferView): Promise<BufferHandle> {
    if (!ArrayBuffer.isView(data)) throw new TypeError('upload: data must be a typed array');
    const w = await this.ensureWorker();
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const { bufferId } = await w.request({ op: 'upload', data: bytes }, REQUEST_DEADLINE_MS);
    return this.track({ kind: 'buffer', id: bufferId, bytes: data.byteLength, generation: w.generation });
  }

  private track(h: BufferHandle): BufferHandle {
    this.live.set(h.id, h);
    return h;
  }

  async download<T extends TypedArray>(handle: BufferHandle, ctor: TypedArrayCtor<T>, length: number): Promise<T> {
    this.checkBuffer(handle, 'download');
    if (!Number.isInteger(length) || length < 0 || length * ctor.BYTES_PER_ELEMENT > handle.bytes) {
      throw new RangeError(`download: length must be an integer in [0, ${Math.floor(handle.bytes / ctor.BYTES_PER_ELEMENT)}] for this buffer, got ${length}`);
    }
    const w = await this.ensureWorker();
    const raw = await w.request({ op: 'download', bufferId: handle.id, bytes: length * ctor.BYTES_PER_ELEMENT }, REQUEST_DEADLINE_MS);
    // A fresh copy: structured clone gives a Uint8Array whose offset may not suit wider element types.
    const out = new Uint8Array(raw.byteLength);
    out.set(raw);
    return new ctor(out.buffer, 0, length);
  }

  /** Overwrites part of a buffer from the host, starting `byteOffset` bytes in (no reallocation). */
  async write(handle: BufferHandle, data: ArrayBufferView, byteOffset = 0): Promise<void> {
    this.checkBuffer(handle, 'write');
    if (!ArrayBuffer.isView(data)) throw new TypeError('write: data must be a typed array');
    checkByteRange('write', byteOffset, data.byteLength, handle.bytes);
    const w = await this.ensureWorker();
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    await w.request({ op: 'write', bufferId: handle.id, byteOffset, data: bytes }, REQUEST_DEADLINE_MS);
  }

  /** Device-to-device copy of `bytes` bytes; lets a large input be filled by replicating a block already uploaded. */
  async copy(dst: BufferHandle, dstOffset: number, src: BufferHandle, srcOffset: number, bytes: number): Promise<void> {
    this.checkBuffer(dst, 'copy dst');
    this.checkBuffer(src, 'copy src');
    checkByteRange('copy dst', dstOffset, bytes, dst.bytes);
    checkByteRange('copy src', srcOffset, bytes, src.bytes);
    const w = await this.ensureWorker();
    await w.request({ op: 'copy', dstId: dst.id, dstOffset, srcId: src.id, srcOffset, bytes }, REQUEST_DEADLINE_MS);
  }

  async free(handle: BufferHandle): Promise<void> {
    this.checkBuffer(handle, 'free');
    const w = await this.ensureWorker();
    await w.request({ op: 'free', bufferId: handle.id }, REQUEST_DEADLINE_MS);
    this.live.delete(handle.id);
  }

  /** The launch's buffers and flags as the worker names them; a bad handle, range or flag throws here. */
  private wireLaunch(opts: LaunchOptions): Pick<LaunchRequest, 'args' | 'zeroBefore' | 'cooperative'> {
    const args: WireArg[] = opts.args.map((a, i) => {
      if (a.type !== 'ptr') return a;
      if (a.buffer === null) return { type: 'ptr', buffer: null };
      this.checkBuffer(a.buffer, `args[${i}].buffer`);
      return { type: 'ptr', buffer: a.buffer.id };
    });
    const zeroBefore = (opts.zeroBefore ?? []).map((z, i) => {
      this.checkBuffer(z.buffer, `zeroBefore[${i}].buffer`);
      if (!Number.isSafeInteger(z.bytes) || z.bytes < 0 || z.bytes > z.buffer.bytes) {
        throw new RangeError(`zeroBefore[${i}].bytes must be an integer in [0, ${z.buffer.bytes}] (the buffer's size), got ${z.bytes}`);
      }
      return { bufferId: z.buffer.id, bytes: z.bytes };
    });
    const cooperative = opts.cooperative ?? false;
    if (typeof cooperative !== 'boolean') throw new TypeError(`cooperative must be a boolean, got ${typeof cooperative}`);
    return { args, zeroBefore, cooperative };
  }

  async launch(opts: LaunchOptions): Promise<LaunchResult> {
    const budget = opts.budgetMs === undefined ? this.budgetMs : validateBudgetMs(opts.budgetMs, 'budgetMs');
    const wire = this.wireLaunch(opts);
    const error = (message: string): LaunchResult => ({ stage: 'launch', ok: false, kind: 'error', message, detail: { message } });
    let w: WorkerConnection;
    try {
      w = await this.ensureWorker();
      await this.moduleLoaded(w, opts.module);
    } catch (e) {
      return error(errorMessage(e));
    }
    const base = { kernel: opts.fn, grid: opts.grid, block: opts.block };
    let hold: { moduleId: number; fn: string; args: WireArg[] } | undefined;
    if (opts.queuedTiming === true) {
      try {
        const m = await this.holdModule();
        await this.moduleLoaded(w, m);
        hold = { moduleId: m.id, fn: 'sampling_hold', args: [{ type: 'i64', value: HOLD_CYCLES }] };
      } catch (e) {
        return error(`queued timing: ${errorMessage(e)}`);
      }
    }
    try {
      const r = await w.request(
        { op: 'launch', moduleId: opts.module.id, fn: opts.fn, grid: opts.grid, block: opts.block, sharedBytes: opts.sharedBytes ?? 0, ...wire, budgetMs: budget, ...(hold ? { hold } : {}) },
        budget + this.graceMs,
      );
      if (r.ok) return { stage: 'launch', ok: true, ms: r.ms, detail: { ms: r.ms } };
      const why = `watchdog: ${opts.fn} grid ${dim(opts.grid)} block ${dim(opts.block)} ran past its ${budget} ms budget`;
      this.killWorker(why);
      await w.exited;
      this.log(why);
      return { stage: 'launch', ok: false, kind: 'watchdog', ...base, elapsedMs: r.elapsedMs, detail: { ...base, elapsedMs: r.elapsedMs } };
    } catch (e) {
      if (e instanceof DeadlineError) {
        // The worker was stuck inside a driver call and could not even report; the connection already killed it.
        this.lastDeath = `watchdog (parent deadline): ${opts.fn} did not return within ${budget} + ${this.graceMs} ms`;
        await w.exited;
        this.log(this.lastDeath);
        return { stage: 'launch', ok: false, kind: 'watchdog', ...base, elapsedMs: e.elapsedMs, detail: { ...base, elapsedMs: e.elapsedMs } };
      }
      return error(errorMessage(e));
    }
  }

  /** Device-to-device copy bandwidth in GB/s, counting bytes read plus bytes written. */
  async copyBandwidth(opts: { bytes?: number; iterations?: number } = {}): Promise<CopyBandwidth> {
    const w = await this.ensureWorker();
    return w.request({ op: 'copyBandwidth', bytes: opts.bytes ?? 256 * 1024 * 1024, iterations: opts.iterations ?? 20 }, REQUEST_DEADLINE_MS);
  }

  async memInfo(): Promise<MemInfo> {
    const w = await this.ensureWorker();
    return w.request({ op: 'memInfo' }, REQUEST_DEADLINE_MS);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.live.clear();
    if (this.worker) await this.worker.close(this.graceMs + 2000);
    this.worker = null;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

function checkByteRange(what: string, offset: number, bytes: number, size: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`${what}: byte offset must be a non-negative integer, got ${offset}`);
  if (!Number.isSafeInteger(bytes) || bytes < 0 || offset + bytes > size) {
    throw new RangeError(`${what}: ${bytes} bytes at offset ${offset} must fit in the buffer's ${size} bytes`);
  }
}

function dim(d: Dim3): string {
  return `(${d.x},${d.y},${d.z})`;
}
