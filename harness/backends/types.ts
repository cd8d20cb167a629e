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

/** One kernel argument; the tag fixes its width in the kernelParams slot (4 or 8 bytes). */
export type KernelArg =
  | { readonly type: 'ptr'; readonly buffer: DevicePtr }
  | { readonly type: 'i32' | 'u32' | 'f32'; readonly value: number }
  | { readonly type: 'u64' | 'i64'; readonly value: bigint };

export interface DeviceInfo {
  readonly backend: BackendKind;
  readonly name: string;
  /** Compiler target: 'sm_90' for CUDA, 'gfx90a' for HIP, 'fake' for the fake backend. */
  readonly arch: string;
  readonly warpSize: number;
  readonly multiprocessors: number;
  readonly totalMemBytes: number;
  readonly driverVersion: number;
  readonly runtimeVersion?: number;
}

export interface MemInfo {
  readonly freeBytes: number;
  readonly totalBytes: number;
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
  launch(
    fn: NativeHandle,
    grid: Dim3,
    block: Dim3,
    sharedBytes: number,
    args: readonly KernelArg[],
    stream: NativeHandle,
  ): void;
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
