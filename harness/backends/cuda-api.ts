/**
 * The CUDA driver API (libcuda.so.1) as a driver vendor table. Symbol names are the ones cuda.h maps the API to
 * (the `_v2` variants where it has them); ids and codes are cuda.h's. cuda-api.test.ts checks both against cuda.h.
 */
import type { DriverVendor } from './driver-vendor.ts';

const LAUNCH_DIMS = 'unsigned int gx, unsigned int gy, unsigned int gz, unsigned int bx, unsigned int by, unsigned int bz';

export const CUDA: DriverVendor = {
  kind: 'cuda',
  library: 'libcuda',
  sonames: ['libcuda.so.1', 'libcuda.so'],
  symbols: {
    init: 'int cuInit(unsigned int flags)',
    driverGetVersion: 'int cuDriverGetVersion(_Out_ int *version)',
    deviceGetCount: 'int cuDeviceGetCount(_Out_ int *count)',
    deviceGet: 'int cuDeviceGet(_Out_ int *device, int ordinal)',
    deviceGetName: 'int cuDeviceGetName(void *name, int len, int device)',
    deviceGetAttribute: 'int cuDeviceGetAttribute(_Out_ int *value, int attrib, int device)',
    deviceTotalMem: 'int cuDeviceTotalMem_v2(_Out_ size_t *bytes, int device)',
    synchronize: 'int cuCtxSynchronize()',
    moduleLoadData: 'int cuModuleLoadData(_Out_ void **module, const void *image)',
    moduleUnload: 'int cuModuleUnload(void *module)',
    moduleGetFunction: 'int cuModuleGetFunction(_Out_ void **fn, void *module, const char *name)',
    funcSetAttribute: 'int cuFuncSetAttribute(void *fn, int attrib, int value)',
    memAlloc: 'int cuMemAlloc_v2(_Out_ uint64_t *dptr, size_t bytes)',
    memFree: 'int cuMemFree_v2(uint64_t dptr)',
    memcpyHtoD: 'int cuMemcpyHtoD_v2(uint64_t dst, const void *src, size_t bytes)',
    memcpyDtoH: 'int cuMemcpyDtoH_v2(void *dst, uint64_t src, size_t bytes)',
    memcpyDtoDAsync: 'int cuMemcpyDtoDAsync_v2(uint64_t dst, uint64_t src, size_t bytes, void *stream)',
    memsetD8Async: 'int cuMemsetD8Async(uint64_t dst, unsigned char value, size_t bytes, void *stream)',
    memGetInfo: 'int cuMemGetInfo_v2(_Out_ size_t *free, _Out_ size_t *total)',
    launchKernel: `int cuLaunchKernel(void *fn, ${LAUNCH_DIMS}, unsigned int shared, void *stream, void *params, void *extra)`,
    launchCooperativeKernel: `int cuLaunchCooperativeKernel(void *fn, ${LAUNCH_DIMS}, unsigned int shared, void *stream, void *params)`,
    streamCreate: 'int cuStreamCreate(_Out_ void **stream, unsigned int flags)',
    streamDestroy: 'int cuStreamDestroy_v2(void *stream)',
    eventCreate: 'int cuEventCreate(_Out_ void **event, unsigned int flags)',
    eventRecord: 'int cuEventRecord(void *event, void *stream)',
    eventQuery: 'int cuEventQuery(void *event)',
    eventElapsedTime: 'int cuEventElapsedTime(_Out_ float *ms, void *start, void *end)',
    eventDestroy: 'int cuEventDestroy_v2(void *event)',
    getErrorString: 'int cuGetErrorString(int error, _Out_ const char **str)',
    primaryCtxRetain: 'int cuDevicePrimaryCtxRetain(_Out_ void **ctx, int device)',
    ctxSetCurrent: 'int cuCtxSetCurrent(void *ctx)',
    primaryCtxRelease: 'int cuDevicePrimaryCtxRelease_v2(int device)',
  },
  lazy: {},
  codes: { success: 0, notReady: 600, noDevice: 100 },
  errorText: 'out-param',
  deviceAttributes: {
    warpSize: 10, // CU_DEVICE_ATTRIBUTE_WARP_SIZE
    multiprocessors: 16, // CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT
    sharedBytesPerBlockOptin: [97], // CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN
  },
  functionAttributes: { maxDynamicSharedBytes: 8 }, // CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES
  context: 'primary-context',
  arch: { from: 'compute-capability', majorAttribute: 75, minorAttribute: 76 },
};
