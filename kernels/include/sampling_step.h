// sampling_step.h: THE sampling step of docs/design.md, shared by every filter.
//   M = sum of q over eligible tokens (exact uint64), target = (double)u * (double)M,
//   token = smallest eligible i whose inclusive prefix C_i satisfies (double)C_i >= target.
// Integer form: C_i >= ceil(target) (exact: C_i is an integer < 2^53). Two passes over the row in
// tiles (mass, then search with early exit); prefixes are block scans in index order, so the
// result does not depend on the GPU, the wave size or the thread schedule.
#pragma once

#include "block_reduce.h"
#include "block_scan.h"
#include "eligibility.h"
#include "row_tiles.h"

namespace sampling {

template <int BLOCK>
struct SamplingStep {
  struct Storage {
    typename BlockScan<BLOCK>::template Storage<uint32_t> tie_scan;
    typename BlockScan<BLOCK>::template Storage<uint64_t> mass_scan;
    typename BlockReduce<BLOCK>::template Storage<uint64_t> mass_sum;
    typename BlockReduce<BLOCK>::template Storage<int32_t> first_hit;
  };

  // Visits the row tile by tile in index order with each item's eligibility. Tie ranks (for the
  // exact policy) come from a scan of "equals the boundary key" flags carried across tiles.
  // `visit(first, values, eligible)` runs on every thread and returns a block-uniform "stop".
  template <class Src, class Keys, class Pred, class Visit>
  static SAMPLING_DEVICE void for_each_tile(const Src& src, const Keys& keys, const Pred& pred, Storage& s,
                                            Visit&& visit) {
    const int vocab = src.view.vocab;
    uint32_t tie_base = 0u;
    for (int tile = 0; tile < vocab; tile += tile_span<BLOCK>()) {
      float v[kItems];
      const int first = src.template load<BLOCK>(tile, v);
      uint32_t key[kItems];
      uint32_t rank[kItems];
#pragma unroll
      for (int j = 0; j < kItems; ++j) {
        key[j] = keys.key(v[j]);
        rank[j] = 0u;
      }
      if constexpr (Pred::kNeedsTieRank) {
        uint32_t local = 0u;
#pragma unroll
        for (int j = 0; j < kItems; ++j) {
          rank[j] = local;
          local += (first + j < vocab && key[j] == pred.key) ? 1u : 0u;
        }
        const ScanResult<uint32_t> sr = BlockScan<BLOCK>::scan(local, OpSumU32(), 0u, s.tie_scan);
#pragma unroll
        for (int j = 0; j < kItems; ++j) rank[j] += tie_base + sr.exclusive;
        tie_base += sr.total;
      }
      bool eligible[kItems];
#pragma unroll
      for (int j = 0; j < kItems; ++j) eligible[j] = first + j < vocab && pred(key[j], first + j, rank[j]);
      if (visit(first, v, eligible)) break;
    }
  }

  // M: the exact fixed-point mass of the eligible tokens.
  template <class Src, class Keys, class Pred>
  static SAMPLING_DEVICE uint64_t eligible_mass(const Src& src, const Keys& keys, const Pred& pred, Storage& s) {
    uint64_t mass = 0u;
    for_each_tile(src, keys, pred, s, [&](int, const float (&v)[kItems], const bool (&e)[kItems]) {
#pragma unroll
      for (int j = 0; j < kItems; ++j)
        if (e[j]) mass += keys.mass(v[j]);
      return false;
    });
    return BlockReduce<BLOCK>::reduce(mass, OpSumU64(), uint64_t{0}, s.mass_sum);
  }

  // Returns the sampled index, or -1 when nothing is eligible (M = 0). u is in (0, 1].
  template <class Src, class Keys, class Pred>
  static SAMPLING_DEVICE int sample(const Src& src, const Keys& keys, const Pred& pred, float u, Storage& s) {
    const uint64_t total = eligible_mass(src, keys, pred, s);
    if (total == 0u) return -1;
    const double target_f = static_cast<double>(u) * static_cast<double>(total);
    const uint64_t target = static_cast<uint64_t>(ceil(target_f));
    const int32_t none = 0x7fffffff;
    uint64_t carry = 0u;
    int32_t token = none;
    for_each_tile(src, keys, pred, s, [&](int first, const float (&v)[kItems], const bool (&e)[kItems]) {
      uint64_t incl[kItems];
      uint64_t local = 0u;
#pragma unroll
      for (int j = 0; j < kItems; ++j) {
        local += e[j] ? keys.mass(v[j]) : 0u;
        incl[j] = local;
      }
      const ScanResult<uint64_t> sr = BlockScan<BLOCK>::scan(local, OpSumU64(), uint64_t{0}, s.mass_scan);
      int32_t hit = none;
#pragma unroll
      for (int j = kItems - 1; j >= 0; --j)
        if (e[j] && carry + sr.exclusive + incl[j] >= target) hit = first + j;
      token = BlockReduce<BLOCK>::reduce(hit, OpMinI32(), none, s.first_hit);
      carry += sr.total;
      return token != none;
    });
    // C_last = M >= target, so a hit always exists; the guard keeps an index in range regardless.
    return token == none ? -1 : token;
  }
};

}  // namespace sampling
