// row_stats.h: the validation pass. One pass over the row decides validity (docs/design.md
// "Numbers") and gathers the totals the filters need. Results are block-uniform.
#pragma once

#include "block_reduce.h"
#include "weight_source.h"

namespace sampling {

struct RowStats {
  bool valid;
  uint64_t total;  // T = sum of q over the row
  float max;       // max weight (probabilities) or max scaled logit (logits)
};

template <int BLOCK>
struct RowStatsStorage {
  typename BlockReduce<BLOCK>::template Storage<uint64_t> sum;
  typename BlockReduce<BLOCK>::template Storage<uint32_t> flag;
  typename BlockReduce<BLOCK>::template Storage<float> max;
};

// Per-entry hook of the validation pass (the radix select's first digit rides along).
struct NoEntryHook {
  SAMPLING_DEVICE void operator()(float) const {}
};

// Probability row: valid iff every entry is in [0, 1] (finite, non-negative) and T > 0.
// `hook(w)` sees every in-range entry.
template <int BLOCK, class Src, class Hook = NoEntryHook>
SAMPLING_DEVICE RowStats probability_row_stats(const Src& src, RowStatsStorage<BLOCK>& s,
                                               const Hook& hook = Hook()) {
  uint64_t total = 0;
  uint32_t bad = 0;
  float mx = 0.0f;
  for (int base = 0; base < src.view.vocab; base += group_span<BLOCK>()) {
    TileGroup g;
    src.template load_group<BLOCK>(base, g);
#pragma unroll
    for (int u = 0; u < kTilesInFlight; ++u) {
#pragma unroll
      for (int j = 0; j < kItems; ++j) {
        if (g.first[u] + j >= src.view.vocab) continue;
        const float w = g.v[u][j];
        bad |= is_probability(w) ? 0u : 1u;
        total += fixed_point_mass(w);
        mx = w > mx ? w : mx;
        hook(w);
      }
    }
  }
  RowStats r;
  const uint32_t any_bad = BlockReduce<BLOCK>::reduce(bad, OpOrU32(), 0u, s.flag);
  r.total = BlockReduce<BLOCK>::reduce(total, OpSumU64(), uint64_t{0}, s.sum);
  r.max = BlockReduce<BLOCK>::reduce(mx, OpMaxF32(), 0.0f, s.max);
  r.valid = any_bad == 0u && r.total > 0u;
  return r;
}

// Logit row (values divided by `temperature`): valid iff no NaN or +inf and at least one finite
// entry. Returns the max scaled logit; `total` is left 0 (it needs the max first).
template <int BLOCK, class View>
SAMPLING_DEVICE RowStats logit_row_stats(const View& view, float temperature, RowStatsStorage<BLOCK>& s) {
  uint32_t bad = 0;
  float mx = -INFINITY;
  for (int base = 0; base < view.vocab; base += group_span<BLOCK>()) {
    TileGroup g;
    view.template load_group<BLOCK>(base, g, -INFINITY);
#pragma unroll
    for (int u = 0; u < kTilesInFlight; ++u) {
#pragma unroll
      for (int j = 0; j < kItems; ++j) {
        if (g.first[u] + j >= view.vocab) continue;
        const float y = sampling_fdiv_rn(g.v[u][j], temperature);
        bad |= (y != y || y == INFINITY) ? 1u : 0u;
        mx = y > mx ? y : mx;
      }
    }
  }
  RowStats r;
  const uint32_t any_bad = BlockReduce<BLOCK>::reduce(bad, OpOrU32(), 0u, s.flag);
  r.max = BlockReduce<BLOCK>::reduce(mx, OpMaxF32(), -INFINITY, s.max);
  r.total = 0;
  r.valid = any_bad == 0u && r.max > -INFINITY;
  return r;
}

// T = sum of q over any weight source (second pass for logits, once the max is known).
template <int BLOCK, class Src>
SAMPLING_DEVICE uint64_t row_total_mass(const Src& src, RowStatsStorage<BLOCK>& s) {
  uint64_t total = 0;
  for (int base = 0; base < src.view.vocab; base += group_span<BLOCK>()) {
    TileGroup g;
    src.template load_group<BLOCK>(base, g);
#pragma unroll
    for (int u = 0; u < kTilesInFlight; ++u)
#pragma unroll
      for (int j = 0; j < kItems; ++j)
        if (g.first[u] + j < src.view.vocab) total += fixed_point_mass(g.v[u][j]);
  }
  return BlockReduce<BLOCK>::reduce(total, OpSumU64(), uint64_t{0}, s.sum);
}

}  // namespace sampling
