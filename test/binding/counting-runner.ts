/**
 * A KernelRunner wrapper for tests that records every device-touching call in order (with the bytes moved and the
 * launch options), so a test can prove validation happened before any device call, and what was passed and freed.
 */
import type { KernelRunner } from '../../harness/kernel-binding.ts';
import type { LaunchOptions } from '../../harness/runner.ts';

export type CountedOp = 'compile' | 'upload' | 'alloc' | 'download' | 'free' | 'launch' | 'write';

export interface CountedCall {
  readonly op: CountedOp;
  readonly bytes?: number;
  readonly launch?: LaunchOptions;
}

export function countingRunner(runner: KernelRunner): { runner: KernelRunner; calls: CountedCall[] } {
  const calls: CountedCall[] = [];
  const wrapped: KernelRunner = {
    info: () => runner.info(),
    compile: (req) => (calls.push({ op: 'compile' }), runner.compile(req)),
    upload: (data) => (calls.push({ op: 'upload', bytes: data.byteLength }), runner.upload(data)),
    alloc: (bytes) => (calls.push({ op: 'alloc', bytes }), runner.alloc(bytes)),
    download: (h, ctor, n) => (calls.push({ op: 'download' }), runner.download(h, ctor, n)),
    free: (h) => (calls.push({ op: 'free', bytes: h.bytes }), runner.free(h)),
    launch: (o) => (calls.push({ op: 'launch', launch: o }), runner.launch(o)),
  };
  const write = runner.write;
  if (write) wrapped.write = (h, data, offset) => (calls.push({ op: 'write', bytes: data.byteLength }), write.call(runner, h, data, offset));
  return { runner: wrapped, calls };
}

/** Bytes uploaded or allocated minus bytes freed: 0 once a binding has released everything it placed. */
export function liveBytes(calls: readonly CountedCall[]): number {
  return calls.reduce((n, c) => n + (c.op === 'upload' || c.op === 'alloc' ? (c.bytes ?? 0) : c.op === 'free' ? -(c.bytes ?? 0) : 0), 0);
}
