// block_reduce.h: deterministic block-wide reduction, generic over the wave size.
// Fixed tree (xor butterfly inside a wave, then wave 0 over per-wave partials): for a
// commutative op every lane of the butterfly computes the same tree, so float results are
// reproducible run to run. No float atomics.
#pragma once

#include "gpu_compat.h"

namespace sampling {

template <int BLOCK>
struct BlockReduce {
  static_assert(BLOCK % SAMPLING_WAVE_SIZE == 0, "BLOCK must be a multiple of the wave size");
  static constexpr int kWaves = BLOCK / SAMPLING_WAVE_SIZE;
  static_assert(kWaves <= SAMPLING_WAVE_SIZE, "per-wave partials must fit in one wave");

  template <typename T>
  struct Storage {
    T partial[kWaves];
    T result;
  };

  template <typename T, typename Op>
  static SAMPLING_DEVICE T wave_reduce(T v, Op op) {
    for (int m = SAMPLING_WAVE_SIZE / 2; m > 0; m /= 2) v = op(v, sampling_shfl_xor(v, m));
    return v;
  }

  // Every thread of the block must call it; every thread receives the result.
  template <typename T, typename Op>
  static SAMPLING_DEVICE T reduce(T v, Op op, T identity, Storage<T>& s) {
    v = wave_reduce(v, op);
    if (sampling_lane() == 0) s.partial[sampling_warp()] = v;
    sampling_syncthreads();
    if (sampling_warp() == 0) {
      T w = sampling_lane() < kWaves ? s.partial[sampling_lane()] : identity;
      w = wave_reduce(w, op);
      if (sampling_lane() == 0) s.result = w;
    }
    sampling_syncthreads();
    const T r = s.result;
    sampling_syncthreads();  // storage may be reused right after
    return r;
  }
};

struct OpSumU64 {
  SAMPLING_DEVICE uint64_t operator()(uint64_t a, uint64_t b) const { return a + b; }
};
struct OpSumU32 {
  SAMPLING_DEVICE uint32_t operator()(uint32_t a, uint32_t b) const { return a + b; }
};
struct OpMaxF32 {
  // fmaxf would hide a NaN; rows are validated before any max is taken.
  SAMPLING_DEVICE float operator()(float a, float b) const { return a > b ? a : b; }
};
struct OpMaxU32 {
  SAMPLING_DEVICE uint32_t operator()(uint32_t a, uint32_t b) const { return a > b ? a : b; }
};
struct OpMinI32 {
  SAMPLING_DEVICE int32_t operator()(int32_t a, int32_t b) const { return a < b ? a : b; }
};
struct OpOrU32 {
  SAMPLING_DEVICE uint32_t operator()(uint32_t a, uint32_t b) const { return a | b; }
};
struct OpSumF64 {
  SAMPLING_DEVICE double operator()(double a, double b) const { return a + b; }
};
struct OpSumF32 {
  SAMPLING_DEVICE float operator()(float a, float b) const { return a + b; }
};

}  // namespace sampling
