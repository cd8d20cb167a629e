// gpu_compat.h: the one portability layer. The same .hip sources compile with hipcc for AMD
// (gfx90a wave64, gfx1030 wave32) and with nvcc for NVIDIA. On NVIDIA we deliberately do NOT
// include hip_runtime.h: the distribution's HIP nvidia_detail headers do not build with CUDA 13.
// Without any GPU compiler (plain C++), only the host-callable parts (Philox) are usable, which
// lets a host known-answer test share the exact device code.
#pragma once

#include <stdint.h>

#if defined(__HIPCC__) || defined(__HIP_PLATFORM_AMD__)
#define SAMPLING_HIP 1
#include <hip/hip_runtime.h>
#elif defined(__CUDACC__)
#define SAMPLING_CUDA 1
#include <cuda_runtime.h>
#else
#define SAMPLING_HOST_ONLY 1
#endif

#if defined(SAMPLING_HOST_ONLY)
#define SAMPLING_HOST_DEVICE inline
#define SAMPLING_DEVICE inline
#else
#define SAMPLING_HOST_DEVICE __host__ __device__ __forceinline__
#define SAMPLING_DEVICE __device__ __forceinline__
// Every entry point is C-linkage (stable symbol for the manifest) with its block size as the
// launch bound, so register allocation matches the launch rule the manifest declares.
#define SAMPLING_KERNEL(block) extern "C" __global__ void __launch_bounds__(block)
// The same, asking nvcc to fit `min_blocks` blocks per multiprocessor (a register cap). HIP's
// second launch-bound argument means something else (waves per execution unit): not passed.
#if defined(SAMPLING_CUDA)
#define SAMPLING_KERNEL_OCCUPANCY(block, min_blocks) extern "C" __global__ void __launch_bounds__(block, min_blocks)
#else
#define SAMPLING_KERNEL_OCCUPANCY(block, min_blocks) extern "C" __global__ void __launch_bounds__(block)
#endif
#endif

// Wave size is a property of the compilation target, never a literal in kernel code.
// hipcc's host pass has no target: there the value only has to parse (device code is not
// generated there), so it falls back to 64.
#if defined(SAMPLING_HIP)
#if defined(__AMDGCN_WAVEFRONT_SIZE)
#define SAMPLING_WAVE_SIZE __AMDGCN_WAVEFRONT_SIZE
#else
#define SAMPLING_WAVE_SIZE 64
#endif
#else
#define SAMPLING_WAVE_SIZE 32
#endif

#if !defined(SAMPLING_HOST_ONLY)

SAMPLING_DEVICE int sampling_lane() { return static_cast<int>(threadIdx.x) % SAMPLING_WAVE_SIZE; }
SAMPLING_DEVICE int sampling_warp() { return static_cast<int>(threadIdx.x) / SAMPLING_WAVE_SIZE; }

// ---- shuffles: 32-bit primitives; 64-bit values travel as two halves (portable on both) ----
#if defined(SAMPLING_CUDA)
#define SAMPLING_FULL_MASK 0xffffffffu
SAMPLING_DEVICE uint32_t sampling_shfl_xor(uint32_t v, int m) { return __shfl_xor_sync(SAMPLING_FULL_MASK, v, m); }
SAMPLING_DEVICE uint32_t sampling_shfl_up(uint32_t v, int d) { return __shfl_up_sync(SAMPLING_FULL_MASK, v, d); }
SAMPLING_DEVICE uint64_t sampling_ballot(bool p) { return __ballot_sync(SAMPLING_FULL_MASK, p); }
#else
SAMPLING_DEVICE uint32_t sampling_shfl_xor(uint32_t v, int m) {
  return static_cast<uint32_t>(__shfl_xor(static_cast<int>(v), m));
}
SAMPLING_DEVICE uint32_t sampling_shfl_up(uint32_t v, int d) {
  return static_cast<uint32_t>(__shfl_up(static_cast<int>(v), static_cast<unsigned int>(d)));
}
SAMPLING_DEVICE uint64_t sampling_ballot(bool p) { return static_cast<uint64_t>(__ballot(p)); }
#endif

SAMPLING_DEVICE int sampling_popc64(uint64_t v) { return __popcll(v); }

SAMPLING_DEVICE int32_t sampling_shfl_xor(int32_t v, int m) {
  return static_cast<int32_t>(sampling_shfl_xor(static_cast<uint32_t>(v), m));
}
SAMPLING_DEVICE int32_t sampling_shfl_up(int32_t v, int d) {
  return static_cast<int32_t>(sampling_shfl_up(static_cast<uint32_t>(v), d));
}
SAMPLING_DEVICE float sampling_shfl_xor(float v, int m) {
  return __uint_as_float(sampling_shfl_xor(__float_as_uint(v), m));
}
SAMPLING_DEVICE float sampling_shfl_up(float v, int d) {
  return __uint_as_float(sampling_shfl_up(__float_as_uint(v), d));
}
SAMPLING_DEVICE uint64_t sampling_shfl_xor(uint64_t v, int m) {
  const uint32_t lo = sampling_shfl_xor(static_cast<uint32_t>(v), m);
  const uint32_t hi = sampling_shfl_xor(static_cast<uint32_t>(v >> 32), m);
  return (static_cast<uint64_t>(hi) << 32) | lo;
}
SAMPLING_DEVICE uint64_t sampling_shfl_up(uint64_t v, int d) {
  const uint32_t lo = sampling_shfl_up(static_cast<uint32_t>(v), d);
  const uint32_t hi = sampling_shfl_up(static_cast<uint32_t>(v >> 32), d);
  return (static_cast<uint64_t>(hi) << 32) | lo;
}

SAMPLING_DEVICE double sampling_shfl_xor(double v, int m) {
  return __longlong_as_double(static_cast<long long>(sampling_shfl_xor(static_cast<uint64_t>(__double_as_longlong(v)), m)));
}
SAMPLING_DEVICE double sampling_shfl_up(double v, int d) {
  return __longlong_as_double(static_cast<long long>(sampling_shfl_up(static_cast<uint64_t>(__double_as_longlong(v)), d)));
}

SAMPLING_DEVICE void sampling_syncthreads() { __syncthreads(); }

// 64-bit integer atomics on shared memory: integer addition is associative, so histograms of
// fixed-point masses are identical whatever order the threads arrive in.
SAMPLING_DEVICE void sampling_atomic_add_u64(uint64_t* addr, uint64_t v) {
  atomicAdd(reinterpret_cast<unsigned long long*>(addr), static_cast<unsigned long long>(v));
}
SAMPLING_DEVICE void sampling_atomic_add_u32(uint32_t* addr, uint32_t v) {
  atomicAdd(reinterpret_cast<unsigned int*>(addr), static_cast<unsigned int>(v));
}
// Returns the old value (a slot index when appending to a shared list).
SAMPLING_DEVICE uint32_t sampling_atomic_inc_u32(uint32_t* addr) {
  return atomicAdd(reinterpret_cast<unsigned int*>(addr), 1u);
}

// ---- cross-block communication through global memory (split kernels, row_sync.h) ----
// Global 32/64-bit integer atomics (device scope, relaxed: ordering comes from the fences below).
SAMPLING_DEVICE uint32_t sampling_global_atomic_add_u32(uint32_t* addr, uint32_t v) {
  return atomicAdd(reinterpret_cast<unsigned int*>(addr), static_cast<unsigned int>(v));
}
SAMPLING_DEVICE void sampling_global_atomic_add_u64(uint64_t* addr, uint64_t v) {
  atomicAdd(reinterpret_cast<unsigned long long*>(addr), static_cast<unsigned long long>(v));
}
// A device-wide fence: writes before it are visible to every block that observes a later write
// (release), and reads after it see what the writes it synchronized with published (acquire).
SAMPLING_DEVICE void sampling_device_fence() { __threadfence(); }
// Loads of values other blocks wrote during this launch: served by the device-coherent level
// (L2), never by a possibly stale per-multiprocessor cache line.
#if defined(SAMPLING_CUDA)
SAMPLING_DEVICE uint32_t sampling_load_coherent(const uint32_t* p) {
  return static_cast<uint32_t>(__ldcg(reinterpret_cast<const unsigned int*>(p)));
}
SAMPLING_DEVICE uint64_t sampling_load_coherent(const uint64_t* p) {
  return static_cast<uint64_t>(__ldcg(reinterpret_cast<const unsigned long long*>(p)));
}
// Polling a counter: volatile, so every iteration really reads it; a short sleep keeps many
// waiting blocks from flooding the memory system.
SAMPLING_DEVICE uint32_t sampling_poll_u32(const uint32_t* p) { return *reinterpret_cast<const volatile uint32_t*>(p); }
SAMPLING_DEVICE void sampling_spin_pause() { __nanosleep(32); }
#else
SAMPLING_DEVICE uint32_t sampling_load_coherent(const uint32_t* p) {
  return __hip_atomic_load(p, __ATOMIC_RELAXED, __HIP_MEMORY_SCOPE_AGENT);
}
SAMPLING_DEVICE uint64_t sampling_load_coherent(const uint64_t* p) {
  return __hip_atomic_load(p, __ATOMIC_RELAXED, __HIP_MEMORY_SCOPE_AGENT);
}
SAMPLING_DEVICE uint32_t sampling_poll_u32(const uint32_t* p) {
  return __hip_atomic_load(p, __ATOMIC_RELAXED, __HIP_MEMORY_SCOPE_AGENT);
}
SAMPLING_DEVICE void sampling_spin_pause() { __builtin_amdgcn_s_sleep(1); }
#endif
SAMPLING_DEVICE double sampling_load_coherent_f64(const double* p) {
  return __longlong_as_double(static_cast<long long>(sampling_load_coherent(reinterpret_cast<const uint64_t*>(p))));
}
SAMPLING_DEVICE float sampling_load_coherent_f32(const float* p) {
  return __uint_as_float(sampling_load_coherent(reinterpret_cast<const uint32_t*>(p)));
}

// Correctly rounded fp32 operations that the compiler may not contract into an FMA.
SAMPLING_DEVICE float sampling_fmul_rn(float a, float b) { return __fmul_rn(a, b); }
SAMPLING_DEVICE float sampling_fadd_rn(float a, float b) { return __fadd_rn(a, b); }
SAMPLING_DEVICE float sampling_fdiv_rn(float a, float b) { return __fdiv_rn(a, b); }

#endif  // !SAMPLING_HOST_ONLY
