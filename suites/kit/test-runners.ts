/**
 * Runners for the kit's own CPU tests: `trapRunner` records any call (a validation test proves none happened);
 * `recordingRunner` keeps buffers in memory and records launches, like a device that does nothing.
 */
import type { LaunchOptions, LaunchResult } from '../../harness/index.ts';
import type { BufferHandle, ModuleHandle } from '../../harness/handles.ts';
import type { KernelRunner } from './kernel-call.ts';

export function trapRunner(): KernelRunner & { calls: string[] } {
  const calls: string[] = [];
  const trap = (name: string) => (): never => {
    calls.push(name);
    throw new Error(`trapRunner: ${name} must not be reached`);
  };
  return {
    calls,
    compile: trap('compile'),
    upload: trap('upload'),
    alloc: trap('alloc'),
    download: trap('download'),
    free: trap('free'),
    launch: trap('launch'),
  };
}

export function recordingRunner(opts: { watchdog?: boolean } = {}): KernelRunner & { launches: LaunchOptions[]; liveBuffers(): number } {
  const memory = new Map<number, Uint8Array>();
  const launches: LaunchOptions[] = [];
  let next = 1;
  const handle = (bytes: Uint8Array): BufferHandle => {
    const id = next++;
    memory.set(id, bytes);
    return { kind: 'buffer', id, bytes: bytes.byteLength, generation: 1 };
  };
  const runner = {
    launches,
    liveBuffers: () => memory.size,
    compile: async (): Promise<ModuleHandle> => ({ kind: 'module', id: 1, name: 'm', key: 'k' }),
    upload: async (data: ArrayBufferView) => handle(new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength))),
    alloc: async (bytes: number) => handle(new Uint8Array(bytes)),
    download: async (h: BufferHandle, ctor: { new (b: ArrayBuffer, o: number, n: number): unknown }, length: number) => {
      const m = memory.get(h.id);
      if (m === undefined) throw new Error(`buffer ${h.id} freed`);
      return new ctor(m.slice().buffer, 0, length);
    },
    free: async (h: BufferHandle) => {
      memory.delete(h.id);
    },
    launch: async (o: LaunchOptions): Promise<LaunchResult> => {
      if (opts.watchdog === true) {
        const d = { kernel: o.fn, grid: o.grid, block: o.block, elapsedMs: 600 };
        return { stage: 'launch', ok: false, kind: 'watchdog', ...d, detail: d };
      }
      launches.push(o);
      return { stage: 'launch', ok: true, ms: 0.25, detail: { ms: 0.25 } };
    },
  };
  return runner as unknown as KernelRunner & { launches: LaunchOptions[]; liveBuffers(): number };
}
