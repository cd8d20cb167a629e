// filters.h: boundary selection for each filter of docs/design.md, built on radix_select.h.
// Filters decide only the predicate; masses are sums of q, compared values are fp32 weights.
#pragma once

#include "eligibility.h"
#include "param_ranges.h"
#include "radix_select.h"
#include "weight_source.h"

namespace sampling {

// The whole row.
template <TiePolicy P>
SAMPLING_DEVICE Boundary<P> boundary_all(int vocab, uint64_t total) {
  Boundary<P> b;
  b.pred = ThresholdPredicate<P>::everything();
  b.length = static_cast<uint64_t>(vocab);
  b.mass = total;
  b.ok = true;
  return b;
}

// Every filter is written once against a `select(goal, need) -> RadixSelection` callable: the
// radix passes over a row (one block per row) or the candidate list of a split row
// (split_select.h). Both return the same exact boundary, so a filter decides the same set.
template <int BLOCK, class Src, class Keys>
struct RowSelector {
  const Src& src;
  Keys keys;  // stateless
  typename RadixSelect<BLOCK>::Storage& s;
  SAMPLING_DEVICE RadixSelection operator()(RadixGoal goal, uint64_t need) const {
    return RadixSelect<BLOCK>::select(src, keys, goal, need, s);
  }
};

// Top-k: k >= vocab is a no-op; otherwise the k-th largest value is the boundary.
template <TiePolicy P, class Select>
SAMPLING_DEVICE Boundary<P> select_top_k(const Select& select, int vocab, int k, uint64_t total) {
  if (k >= vocab) return boundary_all<P>(vocab, total);
  const RadixSelection r = select(RadixGoal::kCount, static_cast<uint64_t>(k));
  Boundary<P> b;
  b.ok = r.ok && r.cnt_eq > 0u;
  b.pred.key = r.key;
  if (P == TiePolicy::kTiesKept) {
    b.pred.take = r.cnt_eq;
    b.length = uint64_t{r.cnt_gt} + r.cnt_eq;
    b.mass = r.mass_gt + r.mass_eq;
  } else {
    b.pred.take = static_cast<uint32_t>(k) - r.cnt_gt;
    b.length = static_cast<uint64_t>(k);
    const uint64_t q_tie = r.cnt_eq > 0u ? r.mass_eq / r.cnt_eq : 0u;  // ties share one value, one q
    b.mass = r.mass_gt + uint64_t{b.pred.take} * q_tie;
  }
  return b;
}

template <int BLOCK, TiePolicy P, class Src, class Keys>
SAMPLING_DEVICE Boundary<P> boundary_top_k(const Src& src, const Keys& keys, int k, uint64_t total,
                                           typename RadixSelect<BLOCK>::Storage& s) {
  return select_top_k<P>(RowSelector<BLOCK, Src, Keys>{src, keys, s}, src.view.vocab, k, total);
}

// Integer form of a float64 mass target: for an integer C, (double)C >= t  <=>  C >= ceil(t).
// t <= 2^53 here, so the conversion is exact.
SAMPLING_DEVICE uint64_t mass_target(float fraction, uint64_t mass) {
  const double t = static_cast<double>(fraction) * static_cast<double>(mass);
  return static_cast<uint64_t>(ceil(t));
}

// Top-p: the minimal nucleus of highest weights with mass >= target (an integer >= 1).
template <TiePolicy P, class Select>
SAMPLING_DEVICE Boundary<P> select_mass(const Select& select, uint64_t target) {
  const RadixSelection r = select(RadixGoal::kMass, target);
  Boundary<P> b;
  b.ok = r.ok && r.mass_eq > 0u;
  b.pred.key = r.key;
  if (P == TiePolicy::kTiesKept) {
    b.pred.take = r.cnt_eq;
    b.length = uint64_t{r.cnt_gt} + r.cnt_eq;
    b.mass = r.mass_gt + r.mass_eq;
  } else {
    // Fewest ties (index order) that reach the target: mass_gt < target <= mass_gt + mass_eq.
    const uint64_t q_tie = r.cnt_eq > 0u ? r.mass_eq / r.cnt_eq : 1u;
    const uint64_t missing = target > r.mass_gt ? target - r.mass_gt : 0u;
    const uint64_t take = (missing + q_tie - 1u) / q_tie;
    b.pred.take = static_cast<uint32_t>(take);
    b.length = uint64_t{r.cnt_gt} + take;
    b.mass = r.mass_gt + take * q_tie;
  }
  return b;
}

// Top-p over the full row: p = 1 is a no-op (nothing is cut, not even q = 0 tokens).
template <TiePolicy P, class Select>
SAMPLING_DEVICE Boundary<P> select_top_p(const Select& select, int vocab, float p, uint64_t total) {
  if (p == 1.0f) return boundary_all<P>(vocab, total);
  return select_mass<P>(select, mass_target(p, total));
}

template <int BLOCK, TiePolicy P, class Src, class Keys>
SAMPLING_DEVICE Boundary<P> boundary_top_p(const Src& src, const Keys& keys, float p, uint64_t total,
                                           typename RadixSelect<BLOCK>::Storage& s) {
  return select_top_p<P>(RowSelector<BLOCK, Src, Keys>{src, keys, s}, src.view.vocab, p, total);
}

// Min-p: w >= fl32(min_p * max w), one correctly rounded fp32 multiply. A threshold, so ties
// are kept by construction under either policy.
template <TiePolicy P>
SAMPLING_DEVICE Boundary<P> boundary_min_p(float min_p, float max_weight, int vocab) {
  const float threshold = sampling_fmul_rn(min_p, max_weight);
  Boundary<P> b;
  b.pred.key = weight_key(threshold);
  b.pred.take = 0xffffffffu;
  b.length = static_cast<uint64_t>(vocab);  // not used for min-p
  b.mass = 0u;                              // not used for min-p
  b.ok = true;
  return b;
}

// Fused top-k + top-p, top-k first: the nucleus reaching p * M_k inside the top-k set. Both are
// prefixes of one order and M_k >= p * M_k, so that nucleus is the top-p prefix of the full row
// with target p * M_k; the intersection with top-k only guards the invariant.
template <TiePolicy P, class Select>
SAMPLING_DEVICE Boundary<P> select_top_k_then_top_p(const Select& select, int vocab, int k, float p, uint64_t total) {
  const Boundary<P> bk = select_top_k<P>(select, vocab, k, total);
  if (!bk.ok || p == 1.0f) return bk;
  Boundary<P> bp = select_mass<P>(select, mass_target(p, bk.mass));
  if (!bp.ok) return bp;
  return smaller_prefix(bk, bp);
}

// Joint: in the top-k set and in the top-p nucleus of the full row, the smaller prefix.
template <TiePolicy P, class Select>
SAMPLING_DEVICE Boundary<P> select_top_k_and_top_p(const Select& select, int vocab, int k, float p, uint64_t total) {
  const Boundary<P> bk = select_top_k<P>(select, vocab, k, total);
  if (!bk.ok) return bk;
  const Boundary<P> bp = select_top_p<P>(select, vocab, p, total);
  if (!bp.ok) return bp;
  return smaller_prefix(bk, bp);
}

template <int BLOCK, TiePolicy P, class Src, class Keys>
SAMPLING_DEVICE Boundary<P> boundary_top_k_then_top_p(const Src& src, const Keys& keys, int k, float p,
                                                       uint64_t total, typename RadixSelect<BLOCK>::Storage& s) {
  return select_top_k_then_top_p<P>(RowSelector<BLOCK, Src, Keys>{src, keys, s}, src.view.vocab, k, p, total);
}

template <int BLOCK, TiePolicy P, class Src, class Keys>
SAMPLING_DEVICE Boundary<P> boundary_top_k_and_top_p(const Src& src, const Keys& keys, int k, float p,
                                                     uint64_t total, typename RadixSelect<BLOCK>::Storage& s) {
  return select_top_k_and_top_p<P>(RowSelector<BLOCK, Src, Keys>{src, keys, s}, src.view.vocab, k, p, total);
}

}  // namespace sampling
