/**
 * A CPU stand-in for a GPU, so the child-process protocol and the watchdog are tested without a device.
 * "Kernels" are JS functions looked up by name; time is modelled per stream: each launch occupies the stream for
 * the kernel's duration, and an event completes when everything recorded before it would have finished.
 */
import { validateLaunch, validateMemset } from './kernel-args.ts';
import {
  DEFAULT_MAX_DYNAMIC_SHARED_BYTES,
  type Backend,
  type DeviceInfo,
  type DevicePtr,
  type KernelArg,
  type KernelLaunch,
  type MemInfo,
  type NativeHandle,
} from './types.ts';

interface FakeKernelContext extends KernelLaunch {
  memory(ptr: DevicePtr): DataView;
}

/** Runs the kernel's effect at launch and returns how long (ms) it keeps its stream busy; Infinity never ends. */
type FakeKernel = (ctx: FakeKernelContext) => number;

const arg = (ctx: FakeKernelContext, i: number): KernelArg => {
  const a = ctx.args[i];
  if (a === undefined) throw new RangeError(`fake kernel expects argument ${i}`);
  return a;
};
const num = (a: KernelArg): number => ('value' in a && typeof a.value === 'number' ? a.value : NaN);
const ptr = (a: KernelArg): DevicePtr => (a.type === 'ptr' ? a.buffer : 0n);

export const FAKE_KERNELS: Readonly<Record<string, FakeKernel>> = {
  /** y[i] = a·x[i] + y[i] in fp32; args (y: ptr, x: ptr, a: f32, n: i32). */
  saxpy: (ctx) => {
    if (num(arg(ctx, 3)) <= 0) return 0.01; // like a GPU thread past n: touches no memory, so null pointers are fine
    const y = ctx.memory(ptr(arg(ctx, 0)));
    const x = ctx.memory(ptr(arg(ctx, 1)));
    const a = Math.fround(num(arg(ctx, 2)));
    const n = num(arg(ctx, 3));
    for (let i = 0; i < n; i++) y.setFloat32(i * 4, Math.fround(a * x.getFloat32(i * 4, true)) + y.getFloat32(i * 4, true), true);
    return 0.01;
  },
  /**
   * A stand-in with a sampling kernel's ABI, for the manifest binding's tests (harness/kernel-binding.test.ts):
   * args (probs, token, valid, top_k_arr | null, top_k, batch, vocab, seed, offset). Not a sampler: token[row] is the
   * index of rank (offset mod k) in descending probability order (ties by index), k from top_k_arr[row] when the
   * pointer is non-null — so a test sees the per-row array, the scalar and each re-launch's offset take effect.
   */
  fake_rank_pick: (ctx) => {
    const probs = ctx.memory(ptr(arg(ctx, 0)));
    const token = ctx.memory(ptr(arg(ctx, 1)));
    const valid = ctx.memory(ptr(arg(ctx, 2)));
    const kArr = ptr(arg(ctx, 3));
    const batch = num(arg(ctx, 5));
    const vocab = num(arg(ctx, 6));
    const offArg = arg(ctx, 8);
    const offset = offArg.type === 'u64' ? offArg.value : 0n;
    for (let row = 0; row < batch; row++) {
      const k = kArr === 0n ? num(arg(ctx, 4)) : ctx.memory(kArr).getInt32(row * 4, true);
      const order = Array.from({ length: vocab }, (_, i) => i);
      const p = (i: number): number => probs.getFloat32((row * vocab + i) * 4, true);
      order.sort((a, b) => p(b) - p(a) || a - b);
      const rank = Number(offset % BigInt(Math.max(1, Math.min(k, vocab))));
      token.setInt32(row * 4, order[rank] ?? 0, true);
      valid.setInt32(row * 4, 1, true);
    }
    return 0.01;
  },
  /** Records how it was launched into args[0] (4 × i32): blocks in the grid, threads per block, sharedBytes, cooperative. */
  launch_echo: (ctx) => {
    const out = ctx.memory(ptr(arg(ctx, 0)));
    const { grid: g, block: b } = ctx;
    [g.x * g.y * g.z, b.x * b.y * b.z, ctx.sharedBytes, ctx.cooperative ? 1 : 0].forEach((v, i) => out.setInt32(i * 4, v, true));
    return 0.01;
  },
  /** Occupies its stream for args[0] ms (u32). */
  sleep: (ctx) => num(arg(ctx, 0)),
  /** The hold kernel of queued timing (harness/hold/hold.hip): args[0] cycles (i64), one fake cycle = 1 ns. */
  sampling_hold: (ctx) => {
    const c = arg(ctx, 0);
    return c.type === 'i64' ? Number(c.value) / 1e6 : NaN;
  },
  /** Never finishes: the GPU analogue of a kernel spinning on a flag nobody sets. */
  hang: () => Number.POSITIVE_INFINITY,
  /** Blocks the calling thread forever: a driver call that never returns (only the parent's deadline can help). */
  block_host: () => {
    for (;;) {
      /* spin */
    }
  },
};

const FAKE_TOTAL_BYTES = 1 << 30;
/**
 * The fake device's co-residency model, for cooperative launches: per multiprocessor at most this many threads,
 * blocks and bytes of shared memory (the opt-in maximum is also one block's limit).
 */
const FAKE_MP = { threads: 2048, blocks: 16, sharedBytes: 96 * 1024 } as const;
/** Memsets run at 1 GB/s (1e6 bytes per ms): slow enough that a test sees whether one fell inside a timed launch. */
const FAKE_MEMSET_BYTES_PER_MS = 1e6;

export class FakeBackend implements Backend {
  readonly kind = 'fake' as const;
  private readonly buffers = new Map<bigint, Uint8Array>();
  private nextAddress = 0x1000_0000n;
  private readonly modules = new Set<bigint>();
  private readonly functions = new Map<bigint, { kernel: FakeKernel; maxDynamicSharedBytes: number }>();
  private readonly streams = new Map<bigint, { busyUntil: number }>();
  private readonly events = new Map<bigint, { at: number | null }>();
  private nextHandle = 1n;
  private readonly info: DeviceInfo = {
    backend: 'fake',
    name: 'Fake CPU device',
    arch: 'fake',
    warpSize: 32,
    multiprocessors: 1,
    maxSharedBytesPerBlockOptin: FAKE_MP.sharedBytes,
    totalMemBytes: FAKE_TOTAL_BYTES,
    driverVersion: 1,
  };

  init(): DeviceInfo {
    return this.info;
  }
  deviceInfo(): DeviceInfo {
    return this.info;
  }
  loadModule(_binary: Uint8Array): NativeHandle {
    const h = this.nextHandle++;
    this.modules.add(h);
    return h;
  }
  unloadModule(module: NativeHandle): void {
    if (!this.modules.delete(module)) throw new Error(`fake: unknown module ${module}`);
  }
  getFunction(module: NativeHandle, name: string): NativeHandle {
    if (!this.modules.has(module)) throw new Error(`fake: unknown module ${module}`);
    const k = FAKE_KERNELS[name];
    if (!k) throw new Error(`fake: no kernel named '${name}' (have ${Object.keys(FAKE_KERNELS).join(', ')})`);
    const h = this.nextHandle++;
    this.functions.set(h, { kernel: k, maxDynamicSharedBytes: DEFAULT_MAX_DYNAMIC_SHARED_BYTES });
    return h;
  }
  alloc(bytes: number): DevicePtr {
    if (this.used() + bytes > FAKE_TOTAL_BYTES) throw new Error(`fake: out of memory allocating ${bytes} bytes`);
    const p = this.nextAddress;
    this.nextAddress += BigInt(Math.ceil(bytes / 256) * 256 + 256);
    this.buffers.set(p, new Uint8Array(bytes));
    return p;
  }
  free(p: DevicePtr): void {
    if (!this.buffers.delete(p)) throw new Error(`fake: free of unknown pointer 0x${p.toString(16)}`);
  }
  /** The bytes [p, p + bytes) of the allocation containing p: drivers accept interior pointers, so does the fake. */
  private buffer(p: DevicePtr, bytes: number): Uint8Array {
    for (const [base, b] of this.buffers) {
      if (p < base || p >= base + BigInt(Math.max(b.length, 1))) continue;
      const start = Number(p - base);
      if (start + bytes > b.length) throw new RangeError(`fake: ${bytes} bytes at offset ${start} exceed the ${b.length}-byte allocation`);
      return b.subarray(start);
    }
    throw new Error(`fake: unknown device pointer 0x${p.toString(16)}`);
  }
  memcpyHtoD(dst: DevicePtr, src: ArrayBufferView, bytes: number): void {
    this.buffer(dst, bytes).set(new Uint8Array(src.buffer, src.byteOffset, bytes));
  }
  memcpyDtoH(dst: ArrayBufferView, src: DevicePtr, bytes: number): void {
    new Uint8Array(dst.buffer, dst.byteOffset, bytes).set(this.buffer(src, bytes).subarray(0, bytes));
  }
  memcpyDtoDAsync(dst: DevicePtr, src: DevicePtr, bytes: number, stream: NativeHandle): void {
    this.buffer(dst, bytes).set(this.buffer(src, bytes).subarray(0, bytes));
    this.occupy(stream, bytes / 1e9); // 1 TB/s: a plausible positive figure for the bandwidth test
  }
  memsetD8Async(dst: DevicePtr, value: number, bytes: number, stream: NativeHandle): void {
    validateMemset(value, bytes);
    this.buffer(dst, bytes).fill(value, 0, bytes);
    this.occupy(stream, bytes / FAKE_MEMSET_BYTES_PER_MS);
  }
  /** Like the drivers: a value above the device's opt-in maximum is refused. */
  setMaxDynamicSharedBytes(fn: NativeHandle, bytes: number): void {
    const f = this.function(fn);
    if (!Number.isInteger(bytes) || bytes < 0 || bytes > this.info.maxSharedBytesPerBlockOptin) {
      throw new Error(`fake: max dynamic shared size ${bytes} is not in [0, ${this.info.maxSharedBytesPerBlockOptin}] (invalid value)`);
    }
    f.maxDynamicSharedBytes = bytes;
  }
  private function(fn: NativeHandle): { kernel: FakeKernel; maxDynamicSharedBytes: number } {
    const f = this.functions.get(fn);
    if (!f) throw new Error(`fake: unknown function ${fn}`);
    return f;
  }
  private occupy(stream: NativeHandle, ms: number): void {
    const s = this.streams.get(stream);
    if (!s) throw new Error(`fake: unknown stream ${stream}`);
    s.busyUntil = Math.max(performance.now(), s.busyUntil) + ms;
  }
  /** Blocks of this shape that fit on the device at once, by the FAKE_MP model. */
  private coResidentBlocks(launch: KernelLaunch): number {
    const threads = launch.block.x * launch.block.y * launch.block.z;
    const byShared = launch.sharedBytes > 0 ? Math.floor(FAKE_MP.sharedBytes / launch.sharedBytes) : FAKE_MP.blocks;
    return this.info.multiprocessors * Math.min(FAKE_MP.blocks, Math.floor(FAKE_MP.threads / threads), byShared);
  }
  launch(fn: NativeHandle, launch: KernelLaunch, stream: NativeHandle): void {
    validateLaunch(launch);
    const f = this.function(fn);
    if (launch.sharedBytes > f.maxDynamicSharedBytes) {
      throw new Error(`fake: sharedBytes ${launch.sharedBytes} exceeds the function's maximum dynamic shared size ${f.maxDynamicSharedBytes} (invalid value)`);
    }
    const blocks = launch.grid.x * launch.grid.y * launch.grid.z;
    if (launch.cooperative && blocks > this.coResidentBlocks(launch)) {
      throw new Error(`fake: too many blocks in cooperative launch: ${blocks}, at most ${this.coResidentBlocks(launch)} co-resident`);
    }
    const ms = f.kernel({
      ...launch,
      memory: (p) => {
        const b = this.buffer(p, 0);
        return new DataView(b.buffer, b.byteOffset, b.byteLength);
      },
    });
    this.occupy(stream, ms);
  }
  createStream(): NativeHandle {
    const h = this.nextHandle++;
    this.streams.set(h, { busyUntil: 0 });
    return h;
  }
  destroyStream(stream: NativeHandle): void {
    this.streams.delete(stream);
  }
  eventCreate(): NativeHandle {
    const h = this.nextHandle++;
    this.events.set(h, { at: null });
    return h;
  }
  eventRecord(event: NativeHandle, stream: NativeHandle): void {
    const e = this.events.get(event);
    const s = this.streams.get(stream);
    if (!e || !s) throw new Error('fake: unknown event or stream');
    e.at = Math.max(performance.now(), s.busyUntil);
  }
  eventQuery(event: NativeHandle): boolean {
    const e = this.events.get(event);
    if (!e) throw new Error(`fake: unknown event ${event}`);
    return e.at !== null && performance.now() >= e.at;
  }
  eventElapsedMs(start: NativeHandle, end: NativeHandle): number {
    const a = this.events.get(start)?.at;
    const b = this.events.get(end)?.at;
    if (a == null || b == null || !Number.isFinite(b)) throw new Error('fake: elapsed time of an unfinished event');
    return b - a;
  }
  eventDestroy(event: NativeHandle): void {
    this.events.delete(event);
  }
  private used(): number {
    let n = 0;
    for (const b of this.buffers.values()) n += b.length;
    return n;
  }
  memGetInfo(): MemInfo {
    return { freeBytes: FAKE_TOTAL_BYTES - this.used(), totalBytes: FAKE_TOTAL_BYTES };
  }
  close(): void {
    this.buffers.clear();
  }
}
