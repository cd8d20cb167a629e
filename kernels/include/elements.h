// elements.h: the element types a row input may have (fp32, IEEE binary16, bfloat16) and how a
// kernel reads them. A 16-bit value is widened to fp32 exactly as it is loaded; everything after
// the load (validation, fixed-point masses, keys, filters, the sampling step) sees only fp32, so
// a 16-bit row samples exactly like the fp32 row of its widened values, which is what the
// reference is fed (src/manifest/elements.ts widenedRows). Host-callable: a host test compares
// the widening with the TypeScript one for every one of the 65,536 bit patterns.
#pragma once

#include "gpu_compat.h"

#if defined(SAMPLING_HOST_ONLY)
#include <cstring>
#endif

namespace sampling {

SAMPLING_HOST_DEVICE float f32_from_bits(uint32_t bits) {
#if defined(SAMPLING_HOST_ONLY)
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
#else
  return __uint_as_float(bits);
#endif
}

// bfloat16 is the upper half of an fp32: widening is a shift.
SAMPLING_HOST_DEVICE float bf16_to_f32(uint16_t b) { return f32_from_bits(static_cast<uint32_t>(b) << 16); }

// IEEE binary16 to fp32, exact for every pattern without relying on fp32 denormal arithmetic:
// normals rebias the exponent (15 -> 127); subnormals are m * 2^-24, a normal fp32 (the product of
// an integer below 2^10 and a power of two is exact); inf and NaN keep their payload.
SAMPLING_HOST_DEVICE float f16_to_f32(uint16_t h) {
  const uint32_t sign = (static_cast<uint32_t>(h) & 0x8000u) << 16;
  const uint32_t exp = (static_cast<uint32_t>(h) >> 10) & 0x1fu;
  const uint32_t mant = static_cast<uint32_t>(h) & 0x3ffu;
  if (exp == 0x1fu) return f32_from_bits(sign | 0x7f800000u | (mant << 13));
  if (exp != 0u) return f32_from_bits(sign | ((exp + 112u) << 23) | (mant << 13));
  const float magnitude = static_cast<float>(mant) * 5.9604644775390625e-8f;  // 2^-24
  return sign != 0u ? -magnitude : magnitude;
}

// Element traits: the stored type and its exact widening. kBytes also decides which vector loads
// are aligned (a unit of 4 entries is 16 bytes in fp32, 8 bytes in a 16-bit type).
struct ElemF32 {
  typedef float Storage;
  static constexpr int kBytes = 4;
  static SAMPLING_HOST_DEVICE float widen(float x) { return x; }
};
struct ElemBF16 {
  typedef uint16_t Storage;
  static constexpr int kBytes = 2;
  static SAMPLING_HOST_DEVICE float widen(uint16_t b) { return bf16_to_f32(b); }
};
struct ElemF16 {
  typedef uint16_t Storage;
  static constexpr int kBytes = 2;
  static SAMPLING_HOST_DEVICE float widen(uint16_t h) { return f16_to_f32(h); }
};

#if !defined(SAMPLING_HOST_ONLY)

// Four consecutive entries from an address aligned to 4 * E::kBytes (one 16- or 8-byte load).
template <class E>
SAMPLING_DEVICE float4 load_unit(const typename E::Storage* p) {
  if constexpr (E::kBytes == 4) {
    return *reinterpret_cast<const float4*>(p);
  } else {
    const uint2 raw = *reinterpret_cast<const uint2*>(p);
    return make_float4(E::widen(static_cast<uint16_t>(raw.x & 0xffffu)), E::widen(static_cast<uint16_t>(raw.x >> 16)),
                       E::widen(static_cast<uint16_t>(raw.y & 0xffffu)), E::widen(static_cast<uint16_t>(raw.y >> 16)));
  }
}

// Eight consecutive 16-bit entries (one 16-byte load from a 16-byte aligned address), kept raw
// until they are used so a thread holds twice the entries per register in flight.
SAMPLING_DEVICE uint4 load_raw_pair(const uint16_t* p) { return *reinterpret_cast<const uint4*>(p); }

template <class E>
SAMPLING_DEVICE float4 widen_half_of(uint32_t lo, uint32_t hi) {
  return make_float4(E::widen(static_cast<uint16_t>(lo & 0xffffu)), E::widen(static_cast<uint16_t>(lo >> 16)),
                     E::widen(static_cast<uint16_t>(hi & 0xffffu)), E::widen(static_cast<uint16_t>(hi >> 16)));
}

#endif  // !SAMPLING_HOST_ONLY

}  // namespace sampling
