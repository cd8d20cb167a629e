/**
 * The GPU backend over a driver vendor table (cuda-api.ts, hip-api.ts) through koffi: one implementation, the
 * vendor differences as data. Runs only inside the child worker.
 */
import { DriverApi } from './driver-api.ts';
import { closeDevice, openDevice } from './driver-device.ts';
import type { DriverVendor } from './driver-vendor.ts';
import { validateLaunch, validateMemset } from './kernel-args.ts';
import { marshalKernelParams } from './marshal.ts';
import { bytesView, loadFirst, toBigInt, toNumber } from './native-lib.ts';
import type { Backend, DeviceInfo, DevicePtr, KernelLaunch, MemInfo, NativeHandle } from './types.ts';

export class DriverBackend implements Backend {
  readonly kind: DriverVendor['kind'];
  private opened: { device: number; info: DeviceInfo } | null = null;

  constructor(private readonly api: DriverApi) {
    this.kind = api.vendor.kind;
  }

  /** Loads the first of the vendor's libraries that the system has and binds its symbols. */
  static load(vendor: DriverVendor): DriverBackend {
    return new DriverBackend(new DriverApi(vendor, loadFirst(vendor.sonames)));
  }

  /** Calls an operation whose first parameter receives a handle, and returns it. */
  private create(op: 'moduleLoadData' | 'moduleGetFunction' | 'memAlloc' | 'streamCreate' | 'eventCreate', args: unknown[], detail?: string): NativeHandle {
    const out: unknown[] = [null];
    this.api.call(op, [out, ...args], detail);
    return toBigInt(out[0], this.api.symbol(op));
  }

  init(): DeviceInfo {
    this.opened = openDevice(this.api);
    return this.opened.info;
  }

  deviceInfo(): DeviceInfo {
    if (!this.opened) throw new Error(`${this.kind} backend: deviceInfo() called before init()`);
    return this.opened.info;
  }

  loadModule(binary: Uint8Array): NativeHandle {
    return this.create('moduleLoadData', [binary]);
  }

  unloadModule(module: NativeHandle): void {
    this.api.call('moduleUnload', [module]);
  }

  getFunction(module: NativeHandle, name: string): NativeHandle {
    return this.create('moduleGetFunction', [module, name], `'${name}'`);
  }

  alloc(bytes: number): DevicePtr {
    return this.create('memAlloc', [bytes], String(bytes));
  }

  free(ptr: DevicePtr): void {
    this.api.call('memFree', [ptr]);
  }

  memcpyHtoD(dst: DevicePtr, src: ArrayBufferView, bytes: number): void {
    this.api.call('memcpyHtoD', [dst, bytesView(src), bytes]);
  }

  memcpyDtoH(dst: ArrayBufferView, src: DevicePtr, bytes: number): void {
    this.api.call('memcpyDtoH', [bytesView(dst), src, bytes]);
  }

  memcpyDtoDAsync(dst: DevicePtr, src: DevicePtr, bytes: number, stream: NativeHandle): void {
    this.api.call('memcpyDtoDAsync', [dst, src, bytes, stream]);
  }

  memsetD8Async(dst: DevicePtr, value: number, bytes: number, stream: NativeHandle): void {
    validateMemset(value, bytes);
    this.api.call('memsetD8Async', [dst, value, bytes, stream], `${bytes} bytes`);
  }

  setMaxDynamicSharedBytes(fn: NativeHandle, bytes: number): void {
    this.api.call('funcSetAttribute', [fn, this.api.vendor.functionAttributes.maxDynamicSharedBytes, bytes], `max dynamic shared bytes = ${bytes}`);
  }

  launch(fn: NativeHandle, launch: KernelLaunch, stream: NativeHandle): void {
    validateLaunch(launch);
    const { grid: g, block: b, sharedBytes } = launch;
    const dims = [g.x, g.y, g.z, b.x, b.y, b.z];
    // Resolved before the parameters are marshalled: a runtime without cooperative launches fails here, cleanly.
    if (launch.cooperative) this.api.fn('launchCooperativeKernel');
    const params = marshalKernelParams(launch.args);
    try {
      if (launch.cooperative) {
        const detail = `grid ${g.x}x${g.y}x${g.z}, block ${b.x}x${b.y}x${b.z}, ${sharedBytes} shared bytes`;
        this.api.call('launchCooperativeKernel', [fn, ...dims, sharedBytes, stream, params.pointer], detail);
      } else {
        this.api.call('launchKernel', [fn, ...dims, sharedBytes, stream, params.pointer, 0n]);
      }
    } finally {
      params.release(); // the driver copied the argument values during the launch call
    }
  }

  createStream(): NativeHandle {
    return this.create('streamCreate', [0]);
  }

  destroyStream(stream: NativeHandle): void {
    this.api.call('streamDestroy', [stream]);
  }

  eventCreate(): NativeHandle {
    return this.create('eventCreate', [0]);
  }

  eventRecord(event: NativeHandle, stream: NativeHandle): void {
    this.api.call('eventRecord', [event, stream]);
  }

  eventQuery(event: NativeHandle): boolean {
    const code = this.api.status('eventQuery', event);
    if (code === this.api.vendor.codes.notReady) return false;
    if (code !== this.api.vendor.codes.success) this.api.fail('eventQuery', code);
    return true;
  }

  eventElapsedMs(start: NativeHandle, end: NativeHandle): number {
    const ms = [0];
    this.api.call('eventElapsedTime', [ms, start, end]);
    return ms[0] as number;
  }

  eventDestroy(event: NativeHandle): void {
    this.api.call('eventDestroy', [event]);
  }

  memGetInfo(): MemInfo {
    const free: unknown[] = [0];
    const total: unknown[] = [0];
    this.api.call('memGetInfo', [free, total]);
    return { freeBytes: toNumber(free[0], 'free'), totalBytes: toNumber(total[0], 'total') };
  }

  close(): void {
    if (this.opened === null) return;
    closeDevice(this.api, this.opened.device);
    this.opened = null;
  }
}
