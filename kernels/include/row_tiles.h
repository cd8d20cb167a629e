// row_tiles.h: how a block walks one row. A tile is BLOCK * kItems consecutive elements; thread t
// owns elements [tile + kItems*t, tile + kItems*t + kItems), widened to fp32 at the load
// (elements.h), so every pass after it is the same for fp32, f16 and bf16 rows.
// Also the value encodings every filter shares: fixed-point mass and order-preserving keys.
#pragma once

#include "elements.h"

namespace sampling {

constexpr int kItems = 4;
// The fixed-point sum of a row stays exact in float64 (and in TypeScript) only below 2^21 entries.
constexpr int kMaxVocab = 1 << 21;

// Tiles are walked in groups: every load of a group is issued before any of its items is used,
// so each thread keeps kTilesInFlight 16-byte loads in flight instead of one (one block per row
// is latency-bound otherwise). The loads are branch-free (out-of-range items read a clamped,
// valid address and are replaced by the pad afterwards): a branch between two loads would make
// the compiler wait for the first. Tiles are still visited one after another in index order with
// the same thread-to-item mapping, so any per-thread arithmetic order is that of a tile loop.
constexpr int kTilesInFlight = 4;

struct TileGroup {
  float v[kTilesInFlight][kItems];
  int first[kTilesInFlight];  // index of this thread's first item in each tile
  int tile[kTilesInFlight];   // start of each tile; tile >= vocab: past the row
};

// One row of a batch of E elements (elements.h), widened to fp32 as it is loaded. Loads are one
// vector of a thread's kItems entries (16 bytes of fp32, 8 bytes of a 16-bit type) when the row is
// aligned to it and vocab % 4 == 0, scalar with a bounds check otherwise (tail, odd vocab).
template <class E>
struct RowViewOf {
  typedef typename E::Storage Storage;
  const Storage* row;
  int vocab;
  bool vectorized;

  SAMPLING_DEVICE RowViewOf(const Storage* base, int row_index, int vocab_)
      : row(base + static_cast<size_t>(row_index) * static_cast<size_t>(vocab_)), vocab(vocab_) {
    vectorized = (vocab_ % kItems == 0) && ((reinterpret_cast<uintptr_t>(row) & static_cast<uintptr_t>(kItems * E::kBytes - 1)) == 0);
  }

  // Loads this thread's items of the tile starting at `tile`; out-of-range items get `pad`.
  template <int BLOCK>
  SAMPLING_DEVICE int load(int tile, float (&v)[kItems], float pad) const {
    const int first = tile + kItems * static_cast<int>(threadIdx.x);
    if (vectorized && first + kItems <= vocab) {
      const float4 q = load_unit<E>(row + first);
      v[0] = q.x;
      v[1] = q.y;
      v[2] = q.z;
      v[3] = q.w;
    } else {
#pragma unroll
      for (int j = 0; j < kItems; ++j) v[j] = first + j < vocab ? E::widen(row[first + j]) : pad;
    }
    return first;
  }

  // This thread's items of the kTilesInFlight tiles starting at `base`; out-of-range items get `pad`.
  template <int BLOCK>
  SAMPLING_DEVICE void load_group(int base, TileGroup& g, float pad) const {
    const int span = BLOCK * kItems;
#pragma unroll
    for (int u = 0; u < kTilesInFlight; ++u) {
      g.tile[u] = base + u * span;
      g.first[u] = g.tile[u] + kItems * static_cast<int>(threadIdx.x);
    }
    if (vectorized) {  // row-uniform; vocab % 4 == 0 and vocab >= 4, so row[0..3] is a valid vector
      float4 q[kTilesInFlight];
#pragma unroll
      for (int u = 0; u < kTilesInFlight; ++u) {
        const int at = g.first[u] + kItems <= vocab ? g.first[u] : 0;
        q[u] = load_unit<E>(row + at);
      }
#pragma unroll
      for (int u = 0; u < kTilesInFlight; ++u) {
        const bool in = g.first[u] + kItems <= vocab;
        g.v[u][0] = in ? q[u].x : pad;
        g.v[u][1] = in ? q[u].y : pad;
        g.v[u][2] = in ? q[u].z : pad;
        g.v[u][3] = in ? q[u].w : pad;
      }
    } else {
#pragma unroll
      for (int u = 0; u < kTilesInFlight; ++u)
#pragma unroll
        for (int j = 0; j < kItems; ++j) {
          const int i = g.first[u] + j;
          g.v[u][j] = E::widen(row[i < vocab ? i : vocab - 1]);
        }
#pragma unroll
      for (int u = 0; u < kTilesInFlight; ++u)
#pragma unroll
        for (int j = 0; j < kItems; ++j) g.v[u][j] = g.first[u] + j < vocab ? g.v[u][j] : pad;
    }
  }
};

// The fp32 row (temperature, speculative sampling and the fp32 entry points).
typedef RowViewOf<ElemF32> RowView;

template <int BLOCK>
SAMPLING_DEVICE constexpr int tile_span() {
  return BLOCK * kItems;
}

template <int BLOCK>
SAMPLING_DEVICE constexpr int group_span() {
  return tile_span<BLOCK>() * kTilesInFlight;
}

// q = floor(w * 2^32): for fp32 w in [0, 1] the product is exact even in fp32 (a power-of-two
// scaling that neither overflows nor loses a subnormal's bits), and the truncating conversion is
// the floor. One fp32 multiply and one conversion: the same integer as the float64 product, at a
// fraction of the cost of two float64 conversions (this runs for every entry of every pass).
SAMPLING_DEVICE uint64_t fixed_point_mass(float w) {
  return static_cast<uint64_t>(w * 4294967296.0f);
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
