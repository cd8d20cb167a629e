// abi_compat.h: the vendor switch of this kernel directory. The same sources compile with hipcc
// (AMD) and nvcc (NVIDIA). The directory is self-contained on purpose: it is meant to be copied
// out of this repository (an absolute SAMPLING_KERNEL_DIR), and mutated copies of it are compiled
// from a temporary folder, so it includes nothing outside itself.
#pragma once

#include <stdint.h>

#if defined(__HIPCC__) || defined(__HIP_PLATFORM_AMD__)
#include <hip/hip_runtime.h>
#elif defined(__CUDACC__)
#include <cuda_runtime.h>
#endif

#define ABI_DEVICE __device__ __forceinline__

namespace abi {

// The launch rule is block = min(256, vocab): every block-wide helper works for any block size in
// [1, kMaxBlock], which need not be a multiple of the wave size. No wave size appears anywhere:
// block-wide work goes through shared memory only.
constexpr int kMaxBlock = 256;

ABI_DEVICE int tid() { return static_cast<int>(threadIdx.x); }
ABI_DEVICE int nthreads() { return static_cast<int>(blockDim.x); }

// Integer atomics on shared memory: integer addition is associative, so histograms are the same
// whatever order threads arrive in.
ABI_DEVICE void atomic_add_u64(uint64_t* addr, uint64_t v) {
  atomicAdd(reinterpret_cast<unsigned long long*>(addr), static_cast<unsigned long long>(v));
}
ABI_DEVICE void atomic_add_u32(uint32_t* addr, uint32_t v) {
  atomicAdd(reinterpret_cast<unsigned int*>(addr), static_cast<unsigned int>(v));
}

// One correctly rounded fp32 addition the compiler may not contract or reassociate.
ABI_DEVICE float fadd_rn(float a, float b) { return __fadd_rn(a, b); }

// Row r of a batch × vocab buffer, with 64-bit offsets (batch·vocab may exceed 2^31).
template <typename T>
ABI_DEVICE T* row_of(T* base, int row, int vocab) {
  return base + static_cast<size_t>(row) * static_cast<size_t>(vocab);
}

}  // namespace abi
