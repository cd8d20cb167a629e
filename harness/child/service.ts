/**
 * The child's request handler: owns the Backend, maps buffer and module ids to native handles, and times every
 * launch with events on its own stream, polling the end event under the watchdog budget.
 */
import { validateKernelArg, validateLaunch } from '../backends/kernel-args.ts';
import type { Backend, DevicePtr, KernelArg, KernelLaunch, NativeHandle } from '../backends/types.ts';
import { functionState, optInSharedBytes, zeroRanges, type FunctionState } from './launch-setup.ts';
import { pollUntil } from './poll.ts';
import type { CopyBandwidth, CopyRequest, LaunchOutcome, LaunchRequest, Request, Response, ResultOf } from './protocol.ts';
import { errorMessage } from '../../src/errors.ts';

/** A byte range [offset, offset + bytes) must lie inside a buffer of `size` bytes. */
function checkRange(what: string, offset: number, bytes: number, size: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(bytes) || bytes < 0 || offset + bytes > size) {
    throw new RangeError(`${what}: byte range [${offset}, ${offset} + ${bytes}) must lie inside the buffer's ${size} bytes`);
  }
}

export class WorkerService {
  private readonly buffers = new Map<number, { ptr: DevicePtr; bytes: number }>();
  private readonly modules = new Map<number, { handle: NativeHandle; fns: Map<string, FunctionState> }>();
  private nextBufferId = 1;
  private stream: NativeHandle | null = null;
  private events: [NativeHandle, NativeHandle] | null = null;
  /** Requests run one at a time, in arrival order: the backend is not re-entrant. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly backend: Backend) {}

  handle(req: Request): Promise<Response> {
    const next = this.queue.then(() => this.dispatch(req));
    this.queue = next.catch(() => undefined);
    return next.then(
      (result): Response => ({ id: req.id, ok: true, result }),
      (e: unknown): Response => ({
        id: req.id,
        ok: false,
        error: { name: e instanceof Error ? e.name : 'Error', message: errorMessage(e) },
      }),
    );
  }

  private async dispatch(req: Request): Promise<ResultOf[keyof ResultOf]> {
    switch (req.op) {
      case 'init': {
        const info = this.backend.init();
        this.stream = this.backend.createStream();
        this.events = [this.backend.eventCreate(), this.backend.eventCreate()];
        return info;
      }
      case 'loadModule': {
        const old = this.modules.get(req.moduleId);
        if (old) this.backend.unloadModule(old.handle);
        this.modules.set(req.moduleId, { handle: this.backend.loadModule(req.binary), fns: new Map() });
        return null;
      }
      case 'alloc':
        return { bufferId: this.allocate(req.bytes) };
      case 'upload': {
        const id = this.allocate(req.data.byteLength);
        this.backend.memcpyHtoD(this.buffer(id).ptr, req.data, req.data.byteLength);
        return { bufferId: id };
      }
      case 'download': {
        const b = this.buffer(req.bufferId);
        if (!Number.isInteger(req.bytes) || req.bytes < 0 || req.bytes > b.bytes) {
          throw new RangeError(`download bytes must be an integer in [0, ${b.bytes}] (buffer #${req.bufferId}), got ${req.bytes}`);
        }
        const out = new Uint8Array(req.bytes);
        if (req.bytes > 0) this.backend.memcpyDtoH(out, b.ptr, req.bytes);
        return out;
      }
      case 'free': {
        const b = this.buffer(req.bufferId);
        this.buffers.delete(req.bufferId);
        if (b.bytes > 0) this.backend.free(b.ptr);
        return null;
      }
      case 'write': {
        const b = this.buffer(req.bufferId);
        checkRange(`write into buffer #${req.bufferId}`, req.byteOffset, req.data.byteLength, b.bytes);
        if (req.data.byteLength > 0) this.backend.memcpyHtoD(b.ptr + BigInt(req.byteOffset), req.data, req.data.byteLength);
        return null;
      }
      case 'copy':
        return this.copy(req);
      case 'launch':
        return this.launch(req);
      case 'copyBandwidth':
        return this.copyBandwidth(req.bytes, req.iterations);
      case 'memInfo':
        return this.backend.memGetInfo();
      case 'close':
        this.close();
        return null;
    }
  }

  private allocate(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0 || bytes > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(`bytes must be a non-negative integer, got ${bytes}`);
    }
    // A zero-byte buffer is legal for the caller (an empty batch) but drivers reject 0-byte allocations.
    const ptr = bytes > 0 ? this.backend.alloc(bytes) : 0n;
    const id = this.nextBufferId++;
    this.buffers.set(id, { ptr, bytes });
    return id;
  }

  private buffer(id: number): { ptr: DevicePtr; bytes: number } {
    const b = this.buffers.get(id);
    if (!b) throw new RangeError(`buffer #${id} is not allocated in this worker (freed, or from an earlier worker)`);
    return b;
  }

  private fn(moduleId: number, name: string): FunctionState {
    const m = this.modules.get(moduleId);
    if (!m) throw new RangeError(`module #${moduleId} is not loaded in this worker`);
    let f = m.fns.get(name);
    if (f === undefined) {
      f = functionState(this.backend.getFunction(m.handle, name));
      m.fns.set(name, f);
    }
    return f;
  }

  private ready(): { stream: NativeHandle; events: [NativeHandle, NativeHandle] } {
    if (this.stream === null || this.events === null) throw new Error('worker used before init');
    return { stream: this.stream, events: this.events };
  }

  /**
   * Stream order: the zeroing memsets, the hold kernel (queued timing), the start event, the kernel, the end event.
   * What the worker can check (arguments, ranges, geometry, shared memory) is checked before the first is queued.
   */
  private async launch(req: LaunchRequest): Promise<LaunchOutcome> {
    const { stream, events } = this.ready();
    const args: KernelArg[] = req.args.map((a) =>
      a.type === 'ptr' ? { type: 'ptr', buffer: a.buffer === null ? 0n : this.buffer(a.buffer).ptr } : a,
    );
    args.forEach(validateKernelArg);
    const launch = { grid: req.grid, block: req.block, sharedBytes: req.sharedBytes, args, cooperative: req.cooperative };
    validateLaunch(launch);
    const fn = this.fn(req.moduleId, req.fn);
    const zero = zeroRanges(req.zeroBefore, (id) => this.buffer(id));
    const hold = req.hold === undefined ? null : this.holdLaunch(req.hold);
    optInSharedBytes(this.backend, fn, req.sharedBytes);
    for (const z of zero) if (z.bytes > 0) this.backend.memsetD8Async(z.ptr, 0, z.bytes, stream);
    if (hold) this.backend.launch(hold.fn, hold.launch, stream);
    const [start, end] = events;
    this.backend.eventRecord(start, stream);
    this.backend.launch(fn.handle, launch, stream);
    this.backend.eventRecord(end, stream);
    const t0 = performance.now();
    const finished = await pollUntil(() => this.backend.eventQuery(end), req.budgetMs);
    if (!finished) {
      return { ok: false, kind: 'watchdog', kernel: req.fn, grid: req.grid, block: req.block, elapsedMs: performance.now() - t0 };
    }
    return { ok: true, ms: this.backend.eventElapsedMs(start, end) };
  }

  /** The one-thread hold kernel of queued timing; its arguments are scalars. */
  private holdLaunch(hold: NonNullable<LaunchRequest['hold']>): { fn: NativeHandle; launch: KernelLaunch } {
    const args: KernelArg[] = hold.args.map((a) => {
      if (a.type === 'ptr') throw new TypeError('hold kernel arguments are scalars');
      return a;
    });
    args.forEach(validateKernelArg);
    const one = { x: 1, y: 1, z: 1 };
    return { fn: this.fn(hold.moduleId, hold.fn).handle, launch: { grid: one, block: one, sharedBytes: 0, args, cooperative: false } };
  }

  private async copy(req: CopyRequest): Promise<null> {
    const dst = this.buffer(req.dstId);
    const src = this.buffer(req.srcId);
    checkRange(`copy into buffer #${req.dstId}`, req.dstOffset, req.bytes, dst.bytes);
    checkRange(`copy from buffer #${req.srcId}`, req.srcOffset, req.bytes, src.bytes);
    if (req.bytes === 0) return null;
    const { stream, events } = this.ready();
    this.backend.memcpyDtoDAsync(dst.ptr + BigInt(req.dstOffset), src.ptr + BigInt(req.srcOffset), req.bytes, stream);
    this.backend.eventRecord(events[1], stream);
    if (!(await pollUntil(() => this.backend.eventQuery(events[1]), 60_000))) throw new Error('copy: did not finish in 60 s');
    return null;
  }

  private async copyBandwidth(bytes: number, iterations: number): Promise<CopyBandwidth> {
    if (!Number.isInteger(bytes) || bytes < 1) throw new RangeError(`bytes must be a positive integer, got ${bytes}`);
    if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`iterations must be a positive integer, got ${iterations}`);
    const { stream, events } = this.ready();
    const src = this.backend.alloc(bytes);
    try {
      const dst = this.backend.alloc(bytes);
      try {
        this.backend.memcpyDtoDAsync(dst, src, bytes, stream); // warm-up: first-touch costs are not bandwidth
        const [start, end] = events;
        this.backend.eventRecord(start, stream);
        for (let i = 0; i < iterations; i++) this.backend.memcpyDtoDAsync(dst, src, bytes, stream);
        this.backend.eventRecord(end, stream);
        if (!(await pollUntil(() => this.backend.eventQuery(end), 60_000))) throw new Error('copy bandwidth: copies did not finish in 60 s');
        const ms = this.backend.eventElapsedMs(start, end);
        return { gbPerS: (2 * bytes * iterations) / (ms * 1e6), bytes, iterations, ms };
      } finally {
        this.backend.free(dst);
      }
    } finally {
      this.backend.free(src);
    }
  }

  private close(): void {
    for (const b of this.buffers.values()) if (b.bytes > 0) this.backend.free(b.ptr);
    this.buffers.clear();
    for (const m of this.modules.values()) this.backend.unloadModule(m.handle);
    this.modules.clear();
    if (this.events) for (const e of this.events) this.backend.eventDestroy(e);
    if (this.stream !== null) this.backend.destroyStream(this.stream);
    this.events = null;
    this.stream = null;
    this.backend.close();
  }
}
