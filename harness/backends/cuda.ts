/** Backend over the CUDA driver API (libcuda.so.1) through koffi. Runs only inside the child worker. */
import {
  bindCuda,
  CU_DEVICE_ATTRIBUTE,
  CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
  CUDA_ERROR_NOT_READY,
  CUDA_SONAMES,
  CUDA_SUCCESS,
  type CudaApi,
} from './cuda-api.ts';
import { DriverError } from './driver-error.ts';
import { validateLaunch, validateMemset } from './kernel-args.ts';
import { marshalKernelParams } from './marshal.ts';
import { bytesView, loadFirst, toBigInt, toNumber } from './native-lib.ts';
import type { Backend, DeviceInfo, DevicePtr, KernelLaunch, MemInfo, NativeHandle } from './types.ts';

export class CudaBackend implements Backend {
  readonly kind = 'cuda' as const;
  private readonly api: CudaApi;
  private device = 0;
  private ctx: bigint | null = null;
  private info: DeviceInfo | null = null;

  constructor(api?: CudaApi) {
    this.api = api ?? bindCuda(loadFirst(CUDA_SONAMES).lib);
  }

  private check(call: string, rc: unknown): void {
    const code = toNumber(rc, call);
    if (code === CUDA_SUCCESS) return;
    const out: (string | null)[] = [null];
    const described = toNumber(this.api.cuGetErrorString(code, out), 'cuGetErrorString') === CUDA_SUCCESS;
    throw new DriverError('cuda', call, code, described && out[0] ? out[0] : 'unknown CUresult');
  }

  private attr(attrib: number): number {
    const v = [0];
    this.check('cuDeviceGetAttribute', this.api.cuDeviceGetAttribute(v, attrib, this.device));
    return v[0] as number;
  }

  init(): DeviceInfo {
    this.check('cuInit', this.api.cuInit(0));
    const count = [0];
    this.check('cuDeviceGetCount', this.api.cuDeviceGetCount(count));
    if ((count[0] as number) < 1) throw new DriverError('cuda', 'cuDeviceGetCount', 100, 'no CUDA device');
    const dev = [0];
    this.check('cuDeviceGet', this.api.cuDeviceGet(dev, 0));
    this.device = dev[0] as number;
    const ctx: unknown[] = [null];
    this.check('cuDevicePrimaryCtxRetain', this.api.cuDevicePrimaryCtxRetain(ctx, this.device));
    this.ctx = toBigInt(ctx[0], 'context');
    this.check('cuCtxSetCurrent', this.api.cuCtxSetCurrent(this.ctx));

    const name = Buffer.alloc(256);
    this.check('cuDeviceGetName', this.api.cuDeviceGetName(name, name.length, this.device));
    const total: unknown[] = [0];
    this.check('cuDeviceTotalMem_v2', this.api.cuDeviceTotalMem_v2(total, this.device));
    const version = [0];
    this.check('cuDriverGetVersion', this.api.cuDriverGetVersion(version));
    const major = this.attr(CU_DEVICE_ATTRIBUTE.COMPUTE_CAPABILITY_MAJOR);
    const minor = this.attr(CU_DEVICE_ATTRIBUTE.COMPUTE_CAPABILITY_MINOR);
    this.info = {
      backend: 'cuda',
      name: name.toString('utf8', 0, name.indexOf(0)),
      arch: `sm_${major}${minor}`,
      warpSize: this.attr(CU_DEVICE_ATTRIBUTE.WARP_SIZE),
      multiprocessors: this.attr(CU_DEVICE_ATTRIBUTE.MULTIPROCESSOR_COUNT),
      maxSharedBytesPerBlockOptin: this.attr(CU_DEVICE_ATTRIBUTE.MAX_SHARED_MEMORY_PER_BLOCK_OPTIN),
      totalMemBytes: toNumber(total[0], 'total memory'),
      driverVersion: version[0] as number,
    };
    return this.info;
  }

  deviceInfo(): DeviceInfo {
    if (!this.info) throw new Error('CudaBackend.deviceInfo() called before init()');
    return this.info;
  }

  loadModule(binary: Uint8Array): NativeHandle {
    const out: unknown[] = [null];
    this.check('cuModuleLoadData', this.api.cuModuleLoadData(out, binary));
    return toBigInt(out[0], 'module');
  }

  unloadModule(module: NativeHandle): void {
    this.check('cuModuleUnload', this.api.cuModuleUnload(module));
  }

  getFunction(module: NativeHandle, name: string): NativeHandle {
    const out: unknown[] = [null];
    this.check(`cuModuleGetFunction('${name}')`, this.api.cuModuleGetFunction(out, module, name));
    return toBigInt(out[0], 'function');
  }

  alloc(bytes: number): DevicePtr {
    const out: unknown[] = [0];
    this.check(`cuMemAlloc_v2(${bytes})`, this.api.cuMemAlloc_v2(out, bytes));
    return toBigInt(out[0], 'device pointer');
  }

  free(ptr: DevicePtr): void {
    this.check('cuMemFree_v2', this.api.cuMemFree_v2(ptr));
  }

  memcpyHtoD(dst: DevicePtr, src: ArrayBufferView, bytes: number): void {
    this.check('cuMemcpyHtoD_v2', this.api.cuMemcpyHtoD_v2(dst, bytesView(src), bytes));
  }

  memcpyDtoH(dst: ArrayBufferView, src: DevicePtr, bytes: number): void {
    this.check('cuMemcpyDtoH_v2', this.api.cuMemcpyDtoH_v2(bytesView(dst), src, bytes));
  }

  memcpyDtoDAsync(dst: DevicePtr, src: DevicePtr, bytes: number, stream: NativeHandle): void {
    this.check('cuMemcpyDtoDAsync_v2', this.api.cuMemcpyDtoDAsync_v2(dst, src, bytes, stream));
  }

  memsetD8Async(dst: DevicePtr, value: number, bytes: number, stream: NativeHandle): void {
    validateMemset(value, bytes);
    this.check('cuMemsetD8Async', this.api.cuMemsetD8Async(dst, value, bytes, stream));
  }

  setMaxDynamicSharedBytes(fn: NativeHandle, bytes: number): void {
    this.check(
      `cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_BYTES, ${bytes})`,
      this.api.cuFuncSetAttribute(fn, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, bytes),
    );
  }

  launch(fn: NativeHandle, launch: KernelLaunch, stream: NativeHandle): void {
    validateLaunch(launch);
    const { grid: g, block: b, sharedBytes } = launch;
    const params = marshalKernelParams(launch.args);
    try {
      if (launch.cooperative) {
        this.check(
          `cuLaunchCooperativeKernel(grid ${g.x}x${g.y}x${g.z}, block ${b.x}x${b.y}x${b.z})`,
          this.api.cuLaunchCooperativeKernel(fn, g.x, g.y, g.z, b.x, b.y, b.z, sharedBytes, stream, params.pointer),
        );
      } else {
        this.check('cuLaunchKernel', this.api.cuLaunchKernel(fn, g.x, g.y, g.z, b.x, b.y, b.z, sharedBytes, stream, params.pointer, 0n));
      }
    } finally {
      params.release(); // the driver copied the argument values during the launch call
    }
  }

  createStream(): NativeHandle {
    const out: unknown[] = [null];
    this.check('cuStreamCreate', this.api.cuStreamCreate(out, 0));
    return toBigInt(out[0], 'stream');
  }

  destroyStream(stream: NativeHandle): void {
    this.check('cuStreamDestroy_v2', this.api.cuStreamDestroy_v2(stream));
  }

  eventCreate(): NativeHandle {
    const out: unknown[] = [null];
    this.check('cuEventCreate', this.api.cuEventCreate(out, 0));
    return toBigInt(out[0], 'event');
  }

  eventRecord(event: NativeHandle, stream: NativeHandle): void {
    this.check('cuEventRecord', this.api.cuEventRecord(event, stream));
  }

  eventQuery(event: NativeHandle): boolean {
    const rc = toNumber(this.api.cuEventQuery(event), 'cuEventQuery');
    if (rc === CUDA_ERROR_NOT_READY) return false;
    this.check('cuEventQuery', rc);
    return true;
  }

  eventElapsedMs(start: NativeHandle, end: NativeHandle): number {
    const ms = [0];
    this.check('cuEventElapsedTime', this.api.cuEventElapsedTime(ms, start, end));
    return ms[0] as number;
  }

  eventDestroy(event: NativeHandle): void {
    this.check('cuEventDestroy_v2', this.api.cuEventDestroy_v2(event));
  }

  memGetInfo(): MemInfo {
    const free: unknown[] = [0];
    const total: unknown[] = [0];
    this.check('cuMemGetInfo_v2', this.api.cuMemGetInfo_v2(free, total));
    return { freeBytes: toNumber(free[0], 'free'), totalBytes: toNumber(total[0], 'total') };
  }

  close(): void {
    if (this.ctx === null) return;
    this.check('cuCtxSynchronize', this.api.cuCtxSynchronize());
    this.check('cuDevicePrimaryCtxRelease_v2', this.api.cuDevicePrimaryCtxRelease_v2(this.device));
    this.ctx = null;
  }
}
