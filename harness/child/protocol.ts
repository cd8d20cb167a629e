/** Messages between GpuRunner (parent) and the worker (child). Typed arrays travel by structured clone. */
import type { BackendKind, DeviceInfo, Dim3, KernelArgOf, MemInfo } from '../backends/types.ts';

/** A kernel argument on the wire: a pointer is the child's buffer id, not a device address; null is a null pointer. */
export type WireArg = KernelArgOf<number | null>;

export interface LaunchRequest {
  readonly moduleId: number;
  readonly fn: string;
  readonly grid: Dim3;
  readonly block: Dim3;
  readonly sharedBytes: number;
  readonly args: readonly WireArg[];
  readonly budgetMs: number;
  readonly cooperative: boolean;
  /** Set to zero on the stream before the launch: before the hold kernel and the start event, so never timed. */
  readonly zeroBefore: readonly { readonly bufferId: number; readonly bytes: number }[];
  /** Queued timing: this one-thread kernel is launched before the start event (see LaunchOptions.queuedTiming). */
  readonly hold?: { readonly moduleId: number; readonly fn: string; readonly args: readonly WireArg[] };
}

/** A device-to-device copy between (or within) buffers, byte offsets into each. */
export interface CopyRequest {
  readonly dstId: number;
  readonly dstOffset: number;
  readonly srcId: number;
  readonly srcOffset: number;
  readonly bytes: number;
}

export type RequestBody =
  | { readonly op: 'init'; readonly backend: BackendKind }
  | { readonly op: 'loadModule'; readonly moduleId: number; readonly binary: Uint8Array }
  | { readonly op: 'alloc'; readonly bytes: number }
  | { readonly op: 'upload'; readonly data: Uint8Array }
  | { readonly op: 'download'; readonly bufferId: number; readonly bytes: number }
  | { readonly op: 'free'; readonly bufferId: number }
  | { readonly op: 'write'; readonly bufferId: number; readonly byteOffset: number; readonly data: Uint8Array }
  | ({ readonly op: 'copy' } & CopyRequest)
  | ({ readonly op: 'launch' } & LaunchRequest)
  | { readonly op: 'copyBandwidth'; readonly bytes: number; readonly iterations: number }
  | { readonly op: 'memInfo' }
  | { readonly op: 'close' };

export type Request = RequestBody & { readonly id: number };

/** What the child measured for one launch. */
export type LaunchOutcome =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: false; readonly kind: 'watchdog'; readonly kernel: string; readonly grid: Dim3; readonly block: Dim3; readonly elapsedMs: number };

export interface CopyBandwidth {
  /** GB/s (1e9 bytes/s) counting both the bytes read and the bytes written. */
  readonly gbPerS: number;
  readonly bytes: number;
  readonly iterations: number;
  readonly ms: number;
}

export interface ResultOf {
  init: DeviceInfo;
  loadModule: null;
  alloc: { bufferId: number };
  upload: { bufferId: number };
  download: Uint8Array;
  free: null;
  write: null;
  copy: null;
  launch: LaunchOutcome;
  copyBandwidth: CopyBandwidth;
  memInfo: MemInfo;
  close: null;
}

export type Response =
  | { readonly id: number; readonly ok: true; readonly result: ResultOf[keyof ResultOf] }
  | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string } };
