// weight_source.h: where a row's sampling weights come from. Every filter and the sampling step
// are written against this interface (load a tile of weights), so probabilities and logits share
// one pipeline. A source is re-read on every pass: recomputing expf is deterministic within a
// kernel and needs no workspace.
#pragma once

#include "row_tiles.h"

namespace sampling {

// Weights are the probabilities themselves (widened to fp32 at the load).
template <class E>
struct ProbSource {
  RowViewOf<E> view;
  template <int BLOCK>
  SAMPLING_DEVICE int load(int tile, float (&w)[kItems]) const {
    return view.template load<BLOCK>(tile, w, 0.0f);
  }
  template <int BLOCK>
  SAMPLING_DEVICE void load_group(int base, TileGroup& g) const {
    view.template load_group<BLOCK>(base, g, 0.0f);
  }
};

// Weights are w = expf(x / temperature - max): in [0, 1] with the maximum exactly 1, -inf -> 0.
// fp32 division (correctly rounded) and library expf; never fast-math.
struct LogitSource {
  RowView view;
  float temperature;
  float max_scaled;
  template <int BLOCK>
  SAMPLING_DEVICE int load(int tile, float (&w)[kItems]) const {
    const int first = view.load<BLOCK>(tile, w, -INFINITY);
#pragma unroll
    for (int j = 0; j < kItems; ++j) w[j] = expf(sampling_fdiv_rn(w[j], temperature) - max_scaled);
    return first;
  }
  template <int BLOCK>
  SAMPLING_DEVICE void load_group(int base, TileGroup& g) const {
    view.load_group<BLOCK>(base, g, -INFINITY);
#pragma unroll
    for (int u = 0; u < kTilesInFlight; ++u)
#pragma unroll
      for (int j = 0; j < kItems; ++j) g.v[u][j] = expf(sampling_fdiv_rn(g.v[u][j], temperature) - max_scaled);
  }
};

// Raw values (widened to fp32 at the load), for filters that order logits themselves (mask logits).
template <class E>
struct RawSource {
  RowViewOf<E> view;
  template <int BLOCK>
  SAMPLING_DEVICE int load(int tile, float (&v)[kItems]) const {
    return view.template load<BLOCK>(tile, v, -INFINITY);
  }
  template <int BLOCK>
  SAMPLING_DEVICE void load_group(int base, TileGroup& g) const {
    view.template load_group<BLOCK>(base, g, -INFINITY);
  }
};

// Key and fixed-point mass of a weight (probability-like values in [0, 1]).
// kBits: how many low bits of the key can be non-zero (a weight key never has the sign bit), so
// the radix select spends no digit on a bit that is always 0.
struct WeightKeys {
  static constexpr int kBits = 31;
  SAMPLING_DEVICE uint32_t key(float w) const { return weight_key(w); }
  SAMPLING_DEVICE uint64_t mass(float w) const { return fixed_point_mass(w); }
  // The mass of the weight whose key is k (keys of weights are their bit patterns, 0 for +-0).
  SAMPLING_DEVICE uint64_t mass_of_key(uint32_t k) const { return fixed_point_mass(__uint_as_float(k)); }
};

// Key of a logit; logits carry no mass (only count-based selection applies to them).
struct LogitKeys {
  static constexpr int kBits = 32;
  SAMPLING_DEVICE uint32_t key(float x) const { return logit_key(x); }
  SAMPLING_DEVICE uint64_t mass(float) const { return 0u; }
  SAMPLING_DEVICE uint64_t mass_of_key(uint32_t) const { return 0u; }
};

}  // namespace sampling
