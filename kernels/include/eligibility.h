// eligibility.h: the eligibility predicate every filter reduces to, and the tie policies.
// A filter's eligible set is always a prefix of the weight order: "key > boundary", plus the
// tokens equal to the boundary (all of them under ties-kept; the first `take` of them in index
// order under exact, which is the total order weight desc, index asc of docs/design.md).
#pragma once

#include "gpu_compat.h"

namespace sampling {

enum class TiePolicy { kTiesKept, kExact };

template <TiePolicy P>
struct ThresholdPredicate {
  static constexpr bool kNeedsTieRank = P == TiePolicy::kExact;
  uint32_t key;   // boundary key
  uint32_t take;  // exact policy: how many tokens equal to the boundary are eligible

  // value: the element's key; index: its position; tie_rank: how many earlier elements share
  // the boundary key (only computed when kNeedsTieRank).
  SAMPLING_DEVICE bool operator()(uint32_t value, int index, uint32_t tie_rank) const {
    (void)index;
    if (value != key) return value > key;
    return P == TiePolicy::kTiesKept || tie_rank < take;
  }

  // Every element (key 0 is the smallest key; the exact policy takes all of its ties).
  static SAMPLING_DEVICE ThresholdPredicate everything() {
    ThresholdPredicate p;
    p.key = 0u;
    p.take = 0xffffffffu;
    return p;
  }
};

// A selected prefix of the weight order: its predicate, how many tokens it holds and its mass.
template <TiePolicy P>
struct Boundary {
  ThresholdPredicate<P> pred;
  uint64_t length;
  uint64_t mass;
  bool ok;
};

// The smaller of two prefixes of the same order (their intersection).
template <TiePolicy P>
SAMPLING_DEVICE Boundary<P> smaller_prefix(const Boundary<P>& a, const Boundary<P>& b) {
  if (P == TiePolicy::kTiesKept) {
    // Under ties-kept a prefix is {key >= boundary}: the larger boundary key is the smaller set.
    return a.pred.key >= b.pred.key ? a : b;
  }
  return a.length <= b.length ? a : b;
}

}  // namespace sampling
