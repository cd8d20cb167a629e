// tps_common.h: what a sampling library usually carries around its kernels: the vendor switch, its
// 16-bit element types (raw bit patterns, so the same code builds without cuda_bf16.h/hip_bf16.h),
// per-type traits, and its own random number generator.
#pragma once

#include <stdint.h>

#if defined(__HIPCC__) || defined(__HIP_PLATFORM_AMD__)
#include <hip/hip_runtime.h>
#elif defined(__CUDACC__)
#include <cuda_runtime.h>
#endif

#define TPS_INLINE __device__ __forceinline__

namespace tps {

struct bf16 {
  uint16_t bits;
};
struct fp16 {
  uint16_t bits;
};

// Every non-negative 16-bit pattern is its own histogram bin: the sign bit dropped, the remaining 15
// bits order like the values they encode, and equal values share a bin exactly.
template <typename T>
struct ElementTraits;

template <>
struct ElementTraits<bf16> {
  static constexpr int kKeyBits = 15;
  static TPS_INLINE uint32_t key(bf16 x) { return x.bits & 0x7fffu; }
  // bfloat16 is the upper half of an fp32: widening is exact (0x7f80 is +inf, above it NaN).
  static TPS_INLINE float value(uint32_t key) { return __uint_as_float(key << 16); }
};

template <>
struct ElementTraits<fp16> {
  static constexpr int kKeyBits = 15;
  static TPS_INLINE uint32_t key(fp16 x) { return x.bits & 0x7fffu; }
  static TPS_INLINE float value(uint32_t key) {
    const uint32_t exponent = key >> 10;
    const uint32_t mantissa = key & 0x3ffu;
    if (exponent == 0) return static_cast<float>(mantissa) * 5.9604644775390625e-8f;  // subnormal: m * 2^-24, exact
    if (exponent == 31) return mantissa == 0 ? __uint_as_float(0x7f800000u) : __uint_as_float(0x7fc00000u);
    return __uint_as_float(((exponent + 112u) << 23) | (mantissa << 13));  // rebias 15 -> 127
  }
};

// The library's own counter-based generator: a chain of 64-bit xor-shift-multiply finalizers over
// (seed, offset, row), so every row of every call draws an independent, reproducible number. It is not
// Philox and not rocRAND: the harness checks what it produces (determinism, independent streams, the
// distribution), it cannot replay it.
TPS_INLINE uint64_t mix64(uint64_t z) {
  z ^= z >> 33;
  z *= 0xff51afd7ed558ccdull;
  z ^= z >> 33;
  z *= 0xc4ceb9fe1a85ec53ull;
  z ^= z >> 33;
  return z;
}

// (k + 1) * 2^-24 for a 24-bit k: a uniform in (0, 1], exact in fp32.
TPS_INLINE float uniform(uint64_t seed, uint64_t offset, uint32_t row) {
  uint64_t z = mix64(seed + 0x9e3779b97f4a7c15ull);
  z = mix64(z ^ (offset * 0xd1b54a32d192ed03ull + 0x8bb84b93962eacc9ull));
  z = mix64(z ^ (static_cast<uint64_t>(row) * 0xaef17502108ef2d9ull + 0x4f1bbcdcbfa53e0bull));
  return (static_cast<float>(z >> 40) + 1.0f) * 5.9604644775390625e-8f;
}

}  // namespace tps
