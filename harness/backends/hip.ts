/** Backend over the HIP runtime's module API (libamdhip64) through koffi. Runs only inside the child worker. */
import { DriverError } from './driver-error.ts';
import {
  bindHip,
  findGcnArch,
  HIP_DEVICE_ATTRIBUTE,
  HIP_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_MEMORY_SIZE,
  HIP_LAZY_PROTOTYPES,
  HIP_DEVICE_PROP_BYTES,
  HIP_ERROR_NO_DEVICE,
  HIP_ERROR_NOT_READY,
  HIP_SONAMES,
  HIP_SUCCESS,
  type HipApi,
} from './hip-api.ts';
import { validateLaunch, validateMemset } from './kernel-args.ts';
import { marshalKernelParams } from './marshal.ts';
import { bytesView, loadFirst, toBigInt, toNumber, type LoadedLibrary } from './native-lib.ts';
import type { Backend, DeviceInfo, DevicePtr, KernelLaunch, MemInfo, NativeHandle } from './types.ts';

export class HipBackend implements Backend {
  readonly kind = 'hip' as const;
  private readonly api: HipApi;
  private readonly lib: LoadedLibrary | null;
  private cooperativeLaunch: ((...args: unknown[]) => unknown) | null = null;
  private info: DeviceInfo | null = null;
  private readonly device = 0;

  constructor(api?: HipApi) {
    this.lib = api ? null : loadFirst(HIP_SONAMES);
    this.api = api ?? bindHip((this.lib as LoadedLibrary).lib);
  }

  /** hipModuleLaunchCooperativeKernel, bound on first use: HIP 5.2 lacks it. */
  private cooperative(): (...args: unknown[]) => unknown {
    if (this.cooperativeLaunch) return this.cooperativeLaunch;
    const where = this.lib ? this.lib.soname : 'the given HIP API';
    try {
      if (!this.lib) throw new Error('no library handle');
      this.cooperativeLaunch = this.lib.lib.func(HIP_LAZY_PROTOTYPES.hipModuleLaunchCooperativeKernel) as (...args: unknown[]) => unknown;
    } catch {
      throw new Error(`cooperative launch needs hipModuleLaunchCooperativeKernel, which ${where} lacks: use a newer HIP runtime`);
    }
    return this.cooperativeLaunch;
  }

  /** The first of these attributes the runtime answers with a positive value. */
  private firstAttr(attribs: readonly number[], what: string): number {
    for (const a of attribs) {
      const v = [0];
      if (toNumber(this.api.hipDeviceGetAttribute(v, a, this.device), 'hipDeviceGetAttribute') === HIP_SUCCESS && (v[0] as number) > 0) return v[0] as number;
    }
    throw new Error(`hipDeviceGetAttribute: no positive ${what} from attributes ${attribs.join(', ')}`);
  }

  private check(call: string, rc: unknown): void {
    const code = toNumber(rc, call);
    if (code === HIP_SUCCESS) return;
    const text = this.api.hipGetErrorString(code);
    throw new DriverError('hip', call, code, typeof text === 'string' ? text : 'unknown hipError_t');
  }

  private attr(attrib: number): number {
    const v = [0];
    this.check('hipDeviceGetAttribute', this.api.hipDeviceGetAttribute(v, attrib, this.device));
    return v[0] as number;
  }

  init(): DeviceInfo {
    this.check('hipInit', this.api.hipInit(0));
    const count = [0];
    this.check('hipGetDeviceCount', this.api.hipGetDeviceCount(count));
    if ((count[0] as number) < 1) throw new DriverError('hip', 'hipGetDeviceCount', HIP_ERROR_NO_DEVICE, 'no HIP device');
    this.check('hipSetDevice', this.api.hipSetDevice(this.device));
    const name = Buffer.alloc(256);
    this.check('hipDeviceGetName', this.api.hipDeviceGetName(name, name.length, this.device));
    const props = new Uint8Array(HIP_DEVICE_PROP_BYTES);
    this.check('hipGetDeviceProperties', this.api.hipGetDeviceProperties(props, this.device));
    const gcn = process.env.SAMPLING_HIP_ARCH || findGcnArch(props);
    if (!gcn) throw new Error('hipGetDeviceProperties: no gcnArchName found; set SAMPLING_HIP_ARCH (e.g. gfx90a)');
    const total: unknown[] = [0];
    this.check('hipDeviceTotalMem', this.api.hipDeviceTotalMem(total, this.device));
    const driver = [0];
    this.check('hipDriverGetVersion', this.api.hipDriverGetVersion(driver));
    const runtime = [0];
    this.check('hipRuntimeGetVersion', this.api.hipRuntimeGetVersion(runtime));
    this.info = {
      backend: 'hip',
      name: name.toString('utf8', 0, name.indexOf(0)),
      arch: gcn.split(':')[0] as string, // the compiler target; feature flags (xnack) stay default
      warpSize: this.attr(HIP_DEVICE_ATTRIBUTE.WARP_SIZE),
      multiprocessors: this.attr(HIP_DEVICE_ATTRIBUTE.MULTIPROCESSOR_COUNT),
      // HIP 5.2 does not answer the opt-in attribute and some later runtimes report 0: AMD has no opt-in beyond it.
      maxSharedBytesPerBlockOptin: this.firstAttr(
        [HIP_DEVICE_ATTRIBUTE.SHARED_MEM_PER_BLOCK_OPTIN, HIP_DEVICE_ATTRIBUTE.MAX_SHARED_MEMORY_PER_BLOCK],
        'shared memory per block',
      ),
      totalMemBytes: toNumber(total[0], 'total memory'),
      driverVersion: driver[0] as number,
      runtimeVersion: runtime[0] as number,
    };
    return this.info;
  }

  deviceInfo(): DeviceInfo {
    if (!this.info) throw new Error('HipBackend.deviceInfo() called before init()');
    return this.info;
  }

  loadModule(binary: Uint8Array): NativeHandle {
    const out: unknown[] = [null];
    this.check('hipModuleLoadData', this.api.hipModuleLoadData(out, binary));
    return toBigInt(out[0], 'module');
  }

  unloadModule(module: NativeHandle): void {
    this.check('hipModuleUnload', this.api.hipModuleUnload(module));
  }

  getFunction(module: NativeHandle, name: string): NativeHandle {
    const out: unknown[] = [null];
    this.check(`hipModuleGetFunction('${name}')`, this.api.hipModuleGetFunction(out, module, name));
    return toBigInt(out[0], 'function');
  }

  alloc(bytes: number): DevicePtr {
    const out: unknown[] = [null];
    this.check(`hipMalloc(${bytes})`, this.api.hipMalloc(out, bytes));
    return toBigInt(out[0], 'device pointer');
  }

  free(ptr: DevicePtr): void {
    this.check('hipFree', this.api.hipFree(ptr));
  }

  memcpyHtoD(dst: DevicePtr, src: ArrayBufferView, bytes: number): void {
    this.check('hipMemcpyHtoD', this.api.hipMemcpyHtoD(dst, bytesView(src), bytes));
  }

  memcpyDtoH(dst: ArrayBufferView, src: DevicePtr, bytes: number): void {
    this.check('hipMemcpyDtoH', this.api.hipMemcpyDtoH(bytesView(dst), src, bytes));
  }

  memcpyDtoDAsync(dst: DevicePtr, src: DevicePtr, bytes: number, stream: NativeHandle): void {
    this.check('hipMemcpyDtoDAsync', this.api.hipMemcpyDtoDAsync(dst, src, bytes, stream));
  }

  memsetD8Async(dst: DevicePtr, value: number, bytes: number, stream: NativeHandle): void {
    validateMemset(value, bytes);
    this.check('hipMemsetD8Async', this.api.hipMemsetD8Async(dst, value, bytes, stream));
  }

  setMaxDynamicSharedBytes(fn: NativeHandle, bytes: number): void {
    this.check(
      `hipFuncSetAttribute(MaxDynamicSharedMemorySize, ${bytes})`,
      this.api.hipFuncSetAttribute(fn, HIP_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_MEMORY_SIZE, bytes),
    );
  }

  launch(fn: NativeHandle, launch: KernelLaunch, stream: NativeHandle): void {
    validateLaunch(launch);
    const { grid: g, block: b, sharedBytes } = launch;
    const coop = launch.cooperative ? this.cooperative() : null;
    const params = marshalKernelParams(launch.args);
    try {
      if (coop) {
        this.check(
          `hipModuleLaunchCooperativeKernel(grid ${g.x}x${g.y}x${g.z}, block ${b.x}x${b.y}x${b.z})`,
          coop(fn, g.x, g.y, g.z, b.x, b.y, b.z, sharedBytes, stream, params.pointer),
        );
      } else {
        this.check('hipModuleLaunchKernel', this.api.hipModuleLaunchKernel(fn, g.x, g.y, g.z, b.x, b.y, b.z, sharedBytes, stream, params.pointer, 0n));
      }
    } finally {
      params.release();
    }
  }

  createStream(): NativeHandle {
    const out: unknown[] = [null];
    this.check('hipStreamCreate', this.api.hipStreamCreate(out));
    return toBigInt(out[0], 'stream');
  }

  destroyStream(stream: NativeHandle): void {
    this.check('hipStreamDestroy', this.api.hipStreamDestroy(stream));
  }

  eventCreate(): NativeHandle {
    const out: unknown[] = [null];
    this.check('hipEventCreate', this.api.hipEventCreate(out));
    return toBigInt(out[0], 'event');
  }

  eventRecord(event: NativeHandle, stream: NativeHandle): void {
    this.check('hipEventRecord', this.api.hipEventRecord(event, stream));
  }

  eventQuery(event: NativeHandle): boolean {
    const rc = toNumber(this.api.hipEventQuery(event), 'hipEventQuery');
    if (rc === HIP_ERROR_NOT_READY) return false;
    this.check('hipEventQuery', rc);
    return true;
  }

  eventElapsedMs(start: NativeHandle, end: NativeHandle): number {
    const ms = [0];
    this.check('hipEventElapsedTime', this.api.hipEventElapsedTime(ms, start, end));
    return ms[0] as number;
  }

  eventDestroy(event: NativeHandle): void {
    this.check('hipEventDestroy', this.api.hipEventDestroy(event));
  }

  memGetInfo(): MemInfo {
    const free: unknown[] = [0];
    const total: unknown[] = [0];
    this.check('hipMemGetInfo', this.api.hipMemGetInfo(free, total));
    return { freeBytes: toNumber(free[0], 'free'), totalBytes: toNumber(total[0], 'total') };
  }

  close(): void {
    if (this.info === null) return;
    this.check('hipDeviceSynchronize', this.api.hipDeviceSynchronize());
    this.info = null;
  }
}
