/**
 * The device API every backend (CUDA driver, HIP, fake) exposes to the child worker.
 * Calls are synchronous FFI calls; only the child process ever holds a Backend.
 */

/** Which implementation drives the GPU. 'fake' runs JS "kernels" for CPU tests of the protocol. */
export type BackendKind = 'cuda' | 'hip' | 'fake';

/** Opaque native handle (CUmodule, CUfunction, CUstream, CUevent, hipModule_t, …) or device address. */
export type NativeHandle = bigint;

/** A device address (CUdeviceptr / hipDeviceptr_t). */
export type DevicePtr = bigint;

/** A launch dimension; every component ≥ 1. */
export interface Dim3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** A scalar kernel argument; the tag fixes its width in the kernelParams slot (4 or 8 bytes). */
export type ScalarKernelArg =
  | { readonly type: 'i32' | 'u32' | 'f32'; readonly value: number }
  | { readonly type: 'u64' | 'i64'; readonly value: bigint };

/**
 * One kernel argument, with its pointer named by P: a device address in a backend (KernelArg), a buffer id on the
 * worker protocol, a buffer handle in the runner's API.
 */
export type KernelArgOf<P> = { readonly type: 'ptr'; readonly buffer: P } | ScalarKernelArg;

export type KernelArg = KernelArgOf<DevicePtr>;

/**
 * Dynamic shared memory a launch may request without raising the function's limit first (CUDA's default; HIP
 * accepts the same opt-in call). Above it the worker sets the function's maximum dynamic shared size once.
 */
export const DEFAULT_MAX_DYNAMIC_SHARED_BYTES = 48 * 1024;

export interface DeviceInfo {
  readonly backend: BackendKind;
  readonly name: string;
  /** Compiler target: 'sm_90' for CUDA, 'gfx90a' for HIP, 'fake' for the fake backend. */
  readonly arch: string;
  readonly warpSize: number;
  readonly multiprocessors: number;
  /** The most dynamic shared memory one block can get once its function opts in (bytes). */
  readonly maxSharedBytesPerBlockOptin: number;
  readonly totalMemBytes: number;
  readonly driverVersion: number;
  readonly runtimeVersion?: number;
}

export interface MemInfo {
  readonly freeBytes: number;
  readonly totalBytes: number;
}

/** What one kernel launch asks of the device. */
export interface KernelLaunch {
  readonly grid: Dim3;
  readonly block: Dim3;
  readonly sharedBytes: number;
  readonly args: readonly KernelArg[];
  /** Launch so that all blocks are co-resident (grid-wide synchronization), or fail if the grid cannot be. */
  readonly cooperative: boolean;
}

export interface Backend {
  readonly kind: BackendKind;
  /** Binds the device (ordinal 0) and makes its context current; returns what it found. */
  init(): DeviceInfo;
  deviceInfo(): DeviceInfo;
  loadModule(binary: Uint8Array): NativeHandle;
  unloadModule(module: NativeHandle): void;
  getFunction(module: NativeHandle, name: string): NativeHandle;
  alloc(bytes: number): DevicePtr;
  free(ptr: DevicePtr): void;
  memcpyHtoD(dst: DevicePtr, src: ArrayBufferView, bytes: number): void;
  memcpyDtoH(dst: ArrayBufferView, src: DevicePtr, bytes: number): void;
  /** Asynchronous on `stream`; ordered with launches and event records on it. */
  memcpyDtoDAsync(dst: DevicePtr, src: DevicePtr, bytes: number, stream: NativeHandle): void;
  /** Sets `bytes` bytes at `dst` to `value` (0–255), asynchronously on `stream`. */
  memsetD8Async(dst: DevicePtr, value: number, bytes: number, stream: NativeHandle): void;
  /** Raises the function's maximum dynamic shared memory per block (needed above DEFAULT_MAX_DYNAMIC_SHARED_BYTES). */
  setMaxDynamicSharedBytes(fn: NativeHandle, bytes: number): void;
  launch(fn: NativeHandle, launch: KernelLaunch, stream: NativeHandle): void;
  createStream(): NativeHandle;
  destroyStream(stream: NativeHandle): void;
  eventCreate(): NativeHandle;
  eventRecord(event: NativeHandle, stream: NativeHandle): void;
  /** True once every piece of work recorded before the event has finished; never blocks. */
  eventQuery(event: NativeHandle): boolean;
  eventElapsedMs(start: NativeHandle, end: NativeHandle): number;
  eventDestroy(event: NativeHandle): void;
  memGetInfo(): MemInfo;
  close(): void;
}
