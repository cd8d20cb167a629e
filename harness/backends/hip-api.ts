/**
 * koffi declarations of the HIP runtime symbols the HIP backend uses (libamdhip64). Kept apart from the backend so
 * a CPU test can bind every symbol against the installed library without a device.
 */
import type { LibraryHandle } from './native-lib.ts';

export const HIP_SONAMES = ['libamdhip64.so', 'libamdhip64.so.6', 'libamdhip64.so.5'] as const;

export const HIP_PROTOTYPES = {
  hipInit: 'int hipInit(unsigned int flags)',
  hipGetDeviceCount: 'int hipGetDeviceCount(_Out_ int *count)',
  hipSetDevice: 'int hipSetDevice(int device)',
  hipDeviceGetAttribute: 'int hipDeviceGetAttribute(_Out_ int *value, int attr, int device)',
  hipDeviceGetName: 'int hipDeviceGetName(void *name, int len, int device)',
  hipDeviceTotalMem: 'int hipDeviceTotalMem(_Out_ size_t *bytes, int device)',
  // The struct's layout differs between ROCm 5 and 6; the backend reads only gcnArchName by searching for it.
  hipGetDeviceProperties: 'int hipGetDeviceProperties(void *props, int device)',
  hipDriverGetVersion: 'int hipDriverGetVersion(_Out_ int *version)',
  hipRuntimeGetVersion: 'int hipRuntimeGetVersion(_Out_ int *version)',
  hipDeviceSynchronize: 'int hipDeviceSynchronize()',
  hipModuleLoadData: 'int hipModuleLoadData(_Out_ void **module, const void *image)',
  hipModuleUnload: 'int hipModuleUnload(void *module)',
  hipModuleGetFunction: 'int hipModuleGetFunction(_Out_ void **fn, void *module, const char *name)',
  hipModuleLaunchKernel:
    'int hipModuleLaunchKernel(void *fn, unsigned int gx, unsigned int gy, unsigned int gz, unsigned int bx, unsigned int by, unsigned int bz, unsigned int shared, void *stream, void *params, void *extra)',
  hipFuncSetAttribute: 'int hipFuncSetAttribute(void *fn, int attr, int value)',
  hipMemsetD8Async: 'int hipMemsetD8Async(void *dst, unsigned char value, size_t bytes, void *stream)',
  hipMalloc: 'int hipMalloc(_Out_ void **ptr, size_t bytes)',
  hipFree: 'int hipFree(void *ptr)',
  hipMemcpyHtoD: 'int hipMemcpyHtoD(void *dst, const void *src, size_t bytes)',
  hipMemcpyDtoH: 'int hipMemcpyDtoH(void *dst, void *src, size_t bytes)',
  hipMemcpyDtoD: 'int hipMemcpyDtoD(void *dst, void *src, size_t bytes)',
  hipMemcpyDtoDAsync: 'int hipMemcpyDtoDAsync(void *dst, void *src, size_t bytes, void *stream)',
  hipMemGetInfo: 'int hipMemGetInfo(_Out_ size_t *free, _Out_ size_t *total)',
  hipStreamCreate: 'int hipStreamCreate(_Out_ void **stream)',
  hipStreamDestroy: 'int hipStreamDestroy(void *stream)',
  hipEventCreate: 'int hipEventCreate(_Out_ void **event)',
  hipEventRecord: 'int hipEventRecord(void *event, void *stream)',
  hipEventQuery: 'int hipEventQuery(void *event)',
  hipEventElapsedTime: 'int hipEventElapsedTime(_Out_ float *ms, void *start, void *stop)',
  hipEventDestroy: 'int hipEventDestroy(void *event)',
  hipGetErrorString: 'const char *hipGetErrorString(int error)',
} as const;

/** Bound on first use: older runtimes (HIP 5.2) lack them, and only the feature that needs one should fail. */
export const HIP_LAZY_PROTOTYPES = {
  hipModuleLaunchCooperativeKernel:
    'int hipModuleLaunchCooperativeKernel(void *fn, unsigned int gx, unsigned int gy, unsigned int gz, unsigned int bx, unsigned int by, unsigned int bz, unsigned int shared, void *stream, void *params)',
} as const;

export type HipFunctionName = keyof typeof HIP_PROTOTYPES;
export type HipApi = Record<HipFunctionName, (...args: unknown[]) => unknown>;

export function bindHip(lib: LibraryHandle): HipApi {
  const api = {} as HipApi;
  for (const [name, proto] of Object.entries(HIP_PROTOTYPES) as [HipFunctionName, string][]) {
    try {
      api[name] = lib.func(proto) as (...args: unknown[]) => unknown;
    } catch (e) {
      throw new Error(`libamdhip64 lacks symbol ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return api;
}

export const HIP_SUCCESS = 0;
export const HIP_ERROR_NO_DEVICE = 100;
export const HIP_ERROR_NOT_READY = 600;
/** hipDeviceAttribute_t values (same in ROCm 5.x and 6.x). */
export const HIP_DEVICE_ATTRIBUTE = {
  MAX_THREADS_PER_BLOCK: 56,
  MULTIPROCESSOR_COUNT: 63,
  WARP_SIZE: 87,
  MAX_SHARED_MEMORY_PER_BLOCK: 74,
  SHARED_MEM_PER_BLOCK_OPTIN: 75,
} as const;
export const HIP_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_MEMORY_SIZE = 8;

/** hipDeviceProp_t is under 2 KiB in every ROCm so far; the extra room absorbs future growth. */
export const HIP_DEVICE_PROP_BYTES = 8192;

/** Finds gcnArchName ("gfx90a:sramecc+:xnack-") in a hipDeviceProp_t without depending on its layout. */
export function findGcnArch(props: Uint8Array): string | null {
  const text = Buffer.from(props.buffer, props.byteOffset, props.byteLength).toString('latin1');
  const m = /gfx[0-9a-f]+(?::[a-z]+[+-])*/.exec(text);
  return m ? m[0] : null;
}
