// sampling_step.h: THE sampling step of docs/design.md, shared by every filter.
//   M = sum of q over eligible tokens (exact uint64), target = (double)u * (double)M,
//   token = smallest eligible i whose inclusive prefix C_i satisfies (double)C_i >= target.
// Integer form: C_i >= ceil(target) (exact: C_i is an integer < 2^53). M is usually known from the
// boundary selection (the filters return the exact eligible mass); otherwise one pass computes it.
// The search walks the row in groups of tiles: a group's eligible mass is one block reduction;
// only the group where the running mass reaches the target is scanned element by element (block
// scans in index order), so the result does not depend on the GPU, wave size or schedule.
#pragma once

#include "block_reduce.h"
#include "block_scan.h"
#include "eligibility.h"
#include "row_tiles.h"

namespace sampling {

// Mass strictly above the boundary key and the number of entries equal to it.
struct MassTies {
  uint64_t mass;
  uint32_t ties;
};

SAMPLING_DEVICE MassTies sampling_shfl_xor(MassTies v, int m) {
  return MassTies{::sampling_shfl_xor(v.mass, m), ::sampling_shfl_xor(v.ties, m)};
}

struct OpSumMassTies {
  SAMPLING_DEVICE MassTies operator()(MassTies a, MassTies b) const { return MassTies{a.mass + b.mass, a.ties + b.ties}; }
};

// The integer the inclusive prefix must reach: ceil((double)u * (double)M). For an integer C,
// (double)C >= t <=> C >= ceil(t), and t <= M < 2^53, so the search is exact integer arithmetic.
SAMPLING_DEVICE uint64_t sample_target(float u, uint64_t mass) {
  const double target_f = static_cast<double>(u) * static_cast<double>(mass);
  return static_cast<uint64_t>(ceil(target_f));
}

template <int BLOCK>
struct SamplingStep {
  struct Storage {
    typename BlockScan<BLOCK>::template Storage<uint32_t> tie_scan;
    typename BlockScan<BLOCK>::template Storage<uint64_t> mass_scan;
    typename BlockReduce<BLOCK>::template Storage<MassTies> group_sum;
    typename BlockReduce<BLOCK>::template Storage<int32_t> first_hit;
  };

  // Eligibility of this thread's items of one tile. Tie ranks (exact policy) come from a block
  // scan of "equals the boundary key" flags, carried across tiles in tie_base.
  template <class Keys, class Pred>
  static SAMPLING_DEVICE void tile_eligibility(const Keys& keys, const Pred& pred, int vocab, int first,
                                               const float (&v)[kItems], uint32_t& tie_base, Storage& s,
                                               bool (&eligible)[kItems]) {
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
#pragma unroll
    for (int j = 0; j < kItems; ++j) eligible[j] = first + j < vocab && pred(key[j], first + j, rank[j]);
  }

  // Visits the row tile by tile in index order with each item's eligibility.
  // `visit(first, values, eligible)` runs on every thread and returns a block-uniform "stop".
  template <class Src, class Keys, class Pred, class Visit>
  static SAMPLING_DEVICE void for_each_tile(const Src& src, const Keys& keys, const Pred& pred, Storage& s,
                                            Visit&& visit) {
    const int vocab = src.view.vocab;
    uint32_t tie_base = 0u;
    for (int base = 0; base < vocab; base += group_span<BLOCK>()) {
      TileGroup g;
      src.template load_group<BLOCK>(base, g);
      bool stop = false;
#pragma unroll
      for (int u = 0; u < kTilesInFlight; ++u) {
        if (stop || g.tile[u] >= vocab) break;  // block-uniform
        bool eligible[kItems];
        tile_eligibility(keys, pred, vocab, g.first[u], g.v[u], tie_base, s, eligible);
        stop = visit(g.first[u], g.v[u], eligible);
      }
      if (stop) break;
    }
  }

  // This thread's share of a group: mass of items strictly above the boundary, count of ties.
  template <class Keys, class Pred>
  static SAMPLING_DEVICE void accumulate_group(const Keys& keys, const Pred& pred, int vocab, const TileGroup& g,
                                               MassTies& acc) {
#pragma unroll
    for (int u = 0; u < kTilesInFlight; ++u) {
#pragma unroll
      for (int j = 0; j < kItems; ++j) {
        if (g.first[u] + j >= vocab) continue;
        const uint32_t k = keys.key(g.v[u][j]);
        if (k > pred.key) acc.mass += keys.mass(g.v[u][j]);
        acc.ties += k == pred.key ? 1u : 0u;
      }
    }
  }

  // Eligible mass of a span given its mass above the boundary and its ties, `ties_before` ties
  // having come earlier in the row. Ties share one key, hence one q.
  template <class Keys, class Pred>
  static SAMPLING_DEVICE uint64_t eligible_of(const Keys& keys, const Pred& pred, MassTies t, uint32_t ties_before) {
    uint32_t taken = t.ties;
    if constexpr (Pred::kNeedsTieRank) {
      const uint32_t left = pred.take > ties_before ? pred.take - ties_before : 0u;
      taken = t.ties < left ? t.ties : left;
    }
    return t.mass + uint64_t{taken} * keys.mass_of_key(pred.key);
  }

  // M: the exact fixed-point mass of the eligible tokens (one pass, one reduction).
  template <class Src, class Keys, class Pred>
  static SAMPLING_DEVICE uint64_t eligible_mass(const Src& src, const Keys& keys, const Pred& pred, Storage& s) {
    const int vocab = src.view.vocab;
    MassTies acc{0u, 0u};
    for (int base = 0; base < vocab; base += group_span<BLOCK>()) {
      TileGroup g;
      src.template load_group<BLOCK>(base, g);
      accumulate_group(keys, pred, vocab, g, acc);
    }
    const MassTies t = BlockReduce<BLOCK>::reduce(acc, OpSumMassTies(), MassTies{0u, 0u}, s.group_sum);
    return eligible_of(keys, pred, t, 0u);
  }

  // Returns the sampled index, or -1 when nothing is eligible (M = 0). u is in (0, 1]; `mass` is
  // the exact eligible mass M.
  template <class Src, class Keys, class Pred>
  static SAMPLING_DEVICE int sample(const Src& src, const Keys& keys, const Pred& pred, float u, uint64_t mass,
                                    Storage& s) {
    if (mass == 0u) return -1;
    const int vocab = src.view.vocab;
    const uint64_t target = sample_target(u, mass);
    const int32_t none = 0x7fffffff;
    uint64_t carry = 0u;
    uint32_t tie_base = 0u;
    int32_t token = none;
    for (int base = 0; base < vocab; base += group_span<BLOCK>()) {
      TileGroup g;
      src.template load_group<BLOCK>(base, g);
      MassTies acc{0u, 0u};
      accumulate_group(keys, pred, vocab, g, acc);
      const MassTies t = BlockReduce<BLOCK>::reduce(acc, OpSumMassTies(), MassTies{0u, 0u}, s.group_sum);
      const uint64_t group_mass = eligible_of(keys, pred, t, tie_base);
      if (carry + group_mass < target) {  // block-uniform: the crossing is in a later group
        carry += group_mass;
        tie_base += t.ties;
        continue;
      }
      // The crossing group: inclusive prefixes element by element, tile by tile.
#pragma unroll
      for (int u_ = 0; u_ < kTilesInFlight; ++u_) {
        if (token != none || g.tile[u_] >= vocab) continue;  // block-uniform; no break: hipcc unrolls
        bool e[kItems];
        tile_eligibility(keys, pred, vocab, g.first[u_], g.v[u_], tie_base, s, e);
        uint64_t incl[kItems];
        uint64_t local = 0u;
#pragma unroll
        for (int j = 0; j < kItems; ++j) {
          local += e[j] ? keys.mass(g.v[u_][j]) : 0u;
          incl[j] = local;
        }
        const ScanResult<uint64_t> sr = BlockScan<BLOCK>::scan(local, OpSumU64(), uint64_t{0}, s.mass_scan);
        int32_t hit = none;
#pragma unroll
        for (int j = kItems - 1; j >= 0; --j)
          if (e[j] && carry + sr.exclusive + incl[j] >= target) hit = g.first[u_] + j;
        token = BlockReduce<BLOCK>::reduce(hit, OpMinI32(), none, s.first_hit);
        carry += sr.total;
      }
      break;
    }
    // C_last = M >= target, so a hit always exists; the guard keeps an index in range regardless.
    return token == none ? -1 : token;
  }
};

}  // namespace sampling
