/**
 * An in-process KernelRunner whose "kernels" are JS functions a test registers, for the binding's tests of what the
 * worker-backed fake backend (harness/backends/fake.ts) has no kernels for: element types, uniforms, workspaces, pipelines.
 * It records every launch's options and applies what the real runners apply: zeroBefore memsets, the shared-memory
 * opt-in limit, a watchdog for a kernel that never ends. Fresh allocations hold garbage (0xA5), as device memory
 * does, so a test sees whether the binding zeroed what it promised to.
 */
import { DEFAULT_BUDGET_MS } from '../../src/limits.ts';
import type { DeviceInfo } from '../../harness/backends/types.ts';
import type { BufferHandle, ModuleHandle } from '../../harness/handles.ts';
import type { KernelRunner } from '../../harness/kernel-binding.ts';
import type { LaunchOptions, LaunchResult, RunnerKernelArg } from '../../harness/runner.ts';

export interface JsKernelContext {
  readonly args: readonly RunnerKernelArg[];
  readonly options: LaunchOptions;
  /** The bytes of a pointer argument (throws for a null pointer, as a device would fault). */
  mem(index: number): DataView;
  num(index: number): number;
  big(index: number): bigint;
}

/** Runs at launch; returns the kernel's GPU time in ms, or Infinity for a kernel that never finishes. */
export type JsKernel = (ctx: JsKernelContext) => number;

export const JS_DEVICE: DeviceInfo = {
  backend: 'fake',
  name: 'in-process JS device',
  arch: 'fake',
  warpSize: 32,
  multiprocessors: 4,
  maxSharedBytesPerBlockOptin: 100 * 1024,
  totalMemBytes: 2 ** 30,
  driverVersion: 0,
};

export interface JsRunner extends KernelRunner {
  readonly launches: LaunchOptions[];
}

export function jsRunner(kernels: Readonly<Record<string, JsKernel>>, device: Partial<DeviceInfo> = {}, opts: { write?: boolean } = {}): JsRunner {
  const info: DeviceInfo = { ...JS_DEVICE, ...device };
  const memory = new Map<number, Uint8Array>();
  const launches: LaunchOptions[] = [];
  let next = 1;
  const track = (bytes: Uint8Array): BufferHandle => {
    const id = next++;
    memory.set(id, bytes);
    return { kind: 'buffer', id, bytes: bytes.length, generation: 1 };
  };
  const live = (h: BufferHandle, what: string): Uint8Array => {
    const m = memory.get(h.id);
    if (!m) throw new Error(`jsRunner: ${what} of freed or unknown buffer #${h.id}`);
    return m;
  };
  const view = (m: Uint8Array): DataView => new DataView(m.buffer, m.byteOffset, m.byteLength);
  const runner: JsRunner = {
    launches,
    info: () => info,
    compile: async (req) => ({ kind: 'module', id: next++, name: req.name, key: 'js' }) satisfies ModuleHandle,
    upload: async (data) => track(new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength))),
    alloc: async (bytes) => track(new Uint8Array(bytes).fill(0xa5)),
    download: async (h, ctor, length) => {
      const m = live(h, 'download');
      const copy = m.slice(0, length * ctor.BYTES_PER_ELEMENT);
      return new ctor(copy.buffer, 0, length);
    },
    free: async (h) => {
      live(h, 'free');
      memory.delete(h.id);
    },
    launch: async (o): Promise<LaunchResult> => {
      launches.push(o);
      const error = (message: string): LaunchResult => ({ stage: 'launch', ok: false, kind: 'error', message, detail: { message } });
      const kernel = kernels[o.fn];
      if (!kernel) return error(`jsRunner: no kernel named '${o.fn}'`);
      if ((o.sharedBytes ?? 0) > info.maxSharedBytesPerBlockOptin) return error(`jsRunner: sharedBytes ${o.sharedBytes} above ${info.maxSharedBytesPerBlockOptin}`);
      for (const z of o.zeroBefore ?? []) live(z.buffer, 'zeroBefore').fill(0, 0, z.bytes);
      const arg = (i: number): RunnerKernelArg => {
        const a = o.args[i];
        if (a === undefined) throw new RangeError(`${o.fn}: no argument ${i}`);
        return a;
      };
      const ms = kernel({
        args: o.args,
        options: o,
        mem: (i) => {
          const a = arg(i);
          if (a.type !== 'ptr' || a.buffer === null) throw new Error(`${o.fn}: argument ${i} is not a non-null pointer`);
          return view(live(a.buffer, `argument ${i}`));
        },
        num: (i) => {
          const a = arg(i);
          if (a.type === 'ptr' || typeof a.value !== 'number') throw new TypeError(`${o.fn}: argument ${i} is not a 32-bit scalar`);
          return a.value;
        },
        big: (i) => {
          const a = arg(i);
          if (a.type !== 'u64' && a.type !== 'i64') throw new TypeError(`${o.fn}: argument ${i} is not a 64-bit scalar`);
          return a.value;
        },
      });
      if (!Number.isFinite(ms)) {
        const base = { kernel: o.fn, grid: o.grid, block: o.block, elapsedMs: o.budgetMs ?? DEFAULT_BUDGET_MS };
        return { stage: 'launch', ok: false, kind: 'watchdog', ...base, detail: base };
      }
      return { stage: 'launch', ok: true, ms, detail: { ms } };
    },
  };
  if (opts.write !== false) {
    runner.write = async (h, data, byteOffset = 0) => {
      live(h, 'write').set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), byteOffset);
    };
  }
  return runner;
}
