// Portability shim for the harness's own test kernels only (the product kernels use kernels/include/gpu_compat.h).
#pragma once
#if defined(__HIP_PLATFORM_AMD__) || defined(__HIPCC__) && !defined(__CUDACC__)
#include <hip/hip_runtime.h>
#endif
#define TK_KERNEL extern "C" __global__
