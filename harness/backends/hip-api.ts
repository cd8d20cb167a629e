/**
 * The HIP runtime's module API (libamdhip64) as a driver vendor table. Ids and codes are hip_runtime_api.h's (the
 * same in ROCm 5 and 6); hip-api.test.ts binds every symbol against the installed library and checks the ids.
 */
import type { DriverVendor } from './driver-vendor.ts';

const LAUNCH_DIMS = 'unsigned int gx, unsigned int gy, unsigned int gz, unsigned int bx, unsigned int by, unsigned int bz';

export const HIP: DriverVendor = {
  kind: 'hip',
  library: 'libamdhip64',
  sonames: ['libamdhip64.so', 'libamdhip64.so.6', 'libamdhip64.so.5'],
  symbols: {
    init: 'int hipInit(unsigned int flags)',
    driverGetVersion: 'int hipDriverGetVersion(_Out_ int *version)',
    deviceGetCount: 'int hipGetDeviceCount(_Out_ int *count)',
    deviceGet: 'int hipDeviceGet(_Out_ int *device, int ordinal)',
    deviceGetName: 'int hipDeviceGetName(void *name, int len, int device)',
    deviceGetAttribute: 'int hipDeviceGetAttribute(_Out_ int *value, int attr, int device)',
    deviceTotalMem: 'int hipDeviceTotalMem(_Out_ size_t *bytes, int device)',
    synchronize: 'int hipDeviceSynchronize()',
    moduleLoadData: 'int hipModuleLoadData(_Out_ void **module, const void *image)',
    moduleUnload: 'int hipModuleUnload(void *module)',
    moduleGetFunction: 'int hipModuleGetFunction(_Out_ void **fn, void *module, const char *name)',
    // Takes the hipFunction_t of a loaded module too (a no-op in HIP 5.2, where AMD needs no opt-in).
    funcSetAttribute: 'int hipFuncSetAttribute(void *fn, int attr, int value)',
    memAlloc: 'int hipMalloc(_Out_ void **ptr, size_t bytes)',
    memFree: 'int hipFree(void *ptr)',
    memcpyHtoD: 'int hipMemcpyHtoD(void *dst, const void *src, size_t bytes)',
    memcpyDtoH: 'int hipMemcpyDtoH(void *dst, void *src, size_t bytes)',
    memcpyDtoDAsync: 'int hipMemcpyDtoDAsync(void *dst, void *src, size_t bytes, void *stream)',
    memsetD8Async: 'int hipMemsetD8Async(void *dst, unsigned char value, size_t bytes, void *stream)',
    memGetInfo: 'int hipMemGetInfo(_Out_ size_t *free, _Out_ size_t *total)',
    launchKernel: `int hipModuleLaunchKernel(void *fn, ${LAUNCH_DIMS}, unsigned int shared, void *stream, void *params, void *extra)`,
    launchCooperativeKernel: `int hipModuleLaunchCooperativeKernel(void *fn, ${LAUNCH_DIMS}, unsigned int shared, void *stream, void *params)`,
    streamCreate: 'int hipStreamCreateWithFlags(_Out_ void **stream, unsigned int flags)',
    streamDestroy: 'int hipStreamDestroy(void *stream)',
    eventCreate: 'int hipEventCreateWithFlags(_Out_ void **event, unsigned int flags)',
    eventRecord: 'int hipEventRecord(void *event, void *stream)',
    eventQuery: 'int hipEventQuery(void *event)',
    eventElapsedTime: 'int hipEventElapsedTime(_Out_ float *ms, void *start, void *stop)',
    eventDestroy: 'int hipEventDestroy(void *event)',
    getErrorString: 'const char *hipGetErrorString(int error)',
    setDevice: 'int hipSetDevice(int device)',
    // The struct's layout differs between ROCm 5 and 6; only gcnArchName is read, by searching for it.
    getDeviceProperties: 'int hipGetDeviceProperties(void *props, int device)',
    runtimeGetVersion: 'int hipRuntimeGetVersion(_Out_ int *version)',
  },
  lazy: { launchCooperativeKernel: 'cooperative launches' }, // not in HIP 5.2 (Debian's libamdhip64.so.5)
  codes: { success: 0, notReady: 600, noDevice: 100 },
  errorText: 'returned',
  deviceAttributes: {
    warpSize: 87, // hipDeviceAttributeWarpSize
    multiprocessors: 63, // hipDeviceAttributeMultiprocessorCount
    // hipDeviceAttributeSharedMemPerBlockOptin: HIP 5.2 refuses it and some runtimes answer 0 on AMD, where no
    // opt-in goes beyond hipDeviceAttributeMaxSharedMemoryPerBlock.
    sharedBytesPerBlockOptin: [75, 74],
  },
  functionAttributes: { maxDynamicSharedBytes: 8 }, // hipFuncAttributeMaxDynamicSharedMemorySize
  context: 'set-device',
  arch: { from: 'gcn-arch-name' },
};
