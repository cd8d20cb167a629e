// row_tiles.h: how a block walks one row. A tile is BLOCK * kItems consecutive elements; thread t
// owns elements [tile + kItems*t, tile + kItems*t + kItems). Loads are float4 when the row is
// 16-byte aligned and vocab % 4 == 0, scalar with a bounds check otherwise (tail, odd vocab).
// Also the value encodings every filter shares: fixed-point mass and order-preserving keys.
#pragma once

#include "gpu_compat.h"

namespace sampling {

constexpr int kItems = 4;
// The fixed-point sum of a row stays exact in float64 (and in TypeScript) only below 2^21 entries.
constexpr int kMaxVocab = 1 << 21;

struct RowView {
  const float* row;
  int vocab;
  bool vectorized;

  SAMPLING_DEVICE RowView(const float* base, int row_index, int vocab_)
      : row(base + static_cast<size_t>(row_index) * static_cast<size_t>(vocab_)), vocab(vocab_) {
    vectorized = (vocab_ % kItems == 0) && ((reinterpret_cast<uintptr_t>(row) & 15u) == 0);
  }

  // Loads this thread's items of the tile starting at `tile`; out-of-range items get `pad`.
  template <int BLOCK>
  SAMPLING_DEVICE int load(int tile, float (&v)[kItems], float pad) const {
    const int first = tile + kItems * static_cast<int>(threadIdx.x);
    if (vectorized && first + kItems <= vocab) {
      const float4 q = *reinterpret_cast<const float4*>(row + first);
      v[0] = q.x;
      v[1] = q.y;
      v[2] = q.z;
      v[3] = q.w;
    } else {
#pragma unroll
      for (int j = 0; j < kItems; ++j) v[j] = first + j < vocab ? row[first + j] : pad;
    }
    return first;
  }
};

template <int BLOCK>
SAMPLING_DEVICE constexpr int tile_span() {
  return BLOCK * kItems;
}

// q = floor(w * 2^32): for fp32 w in [0, 1] the product is exact, the truncation is the floor.
SAMPLING_DEVICE uint64_t fixed_point_mass(float w) {
  return static_cast<uint64_t>(static_cast<double>(w) * 4294967296.0);
}

// Order-preserving key of a non-negative weight: its bit pattern (-0 folded onto +0).
SAMPLING_DEVICE uint32_t weight_key(float w) { return w > 0.0f ? __float_as_uint(w) : 0u; }

// Order-preserving key of any non-NaN float (logits): flip all bits of negatives, the sign of
// positives, so unsigned order equals float order; -0 and +0 share one key.
SAMPLING_DEVICE uint32_t logit_key(float x) {
  if (x == 0.0f) return 0x80000000u;
  const uint32_t b = __float_as_uint(x);
  return (b & 0x80000000u) ? ~b : (b | 0x80000000u);
}

// A probability entry is usable iff finite and in [0, 1] (NaN fails both comparisons).
SAMPLING_DEVICE bool is_probability(float w) { return w >= 0.0f && w <= 1.0f; }

// Per-row parameter: the array entry when the array is given, the scalar otherwise.
template <typename T>
SAMPLING_DEVICE T row_param(const T* per_row, T scalar, int row) {
  return per_row != nullptr ? per_row[row] : scalar;
}

}  // namespace sampling
