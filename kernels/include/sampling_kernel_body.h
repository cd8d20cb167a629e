// sampling_kernel_body.h: the row program every probability-sampling entry point runs:
// validate -> choose a boundary (the filter) -> draw the row's one uniform -> sampling step.
// One block per row; the filter is a functor, so no pivot loop is repeated per kernel. The split
// kernels (split_sampling.h) run it for a row whose boundary bucket is too crowded for their list.
#pragma once

#include "filters.h"
#include "philox.h"
#include "row_stats.h"
#include "sampling_step.h"

namespace sampling {

constexpr int kSamplingBlock = 512;

template <int BLOCK>
struct SamplingShared {
  RowStatsStorage<BLOCK> stats;
  typename RadixSelect<BLOCK>::Storage radix;
  typename SamplingStep<BLOCK>::Storage step;
};

SAMPLING_DEVICE void write_sample(int* token, int* valid, int row, int tok, bool ok) {
  if (threadIdx.x == 0) {
    token[row] = ok ? tok : 0;  // INVALID_ROW_TOKEN
    valid[row] = ok ? 1 : 0;
  }
}

// The validation pass; for filters that select with the radix select it also builds the first
// digit's histogram, so the selection reads the row one time fewer.
template <int BLOCK, class Filter, class Src>
SAMPLING_DEVICE RowStats validate_probability_row(const Src& src, SamplingShared<BLOCK>& shared) {
  typedef RadixSelect<BLOCK> Radix;
  if constexpr (Filter::kUsesRadix) {
    Radix::begin_first_digit(shared.radix);
    sampling_syncthreads();
    const RowStats st = probability_row_stats<BLOCK>(
        src, shared.stats, [&](float w) { Radix::add_first_digit(shared.radix, WeightKeys(), w); });
    // probability_row_stats ends with barriers, so the histogram is complete; publish it.
    Radix::end_first_digit(shared.radix);
    sampling_syncthreads();
    return st;
  } else {
    Radix::forget_first_digit(shared.radix);
    return probability_row_stats<BLOCK>(src, shared.stats);
  }
}

// M of a boundary: filters whose selection already yields the exact eligible mass (the radix
// select sums q above and at the boundary; ties share one q) declare kKnowsMass and save a pass.
template <int BLOCK, class Filter, class Src, TiePolicy P>
SAMPLING_DEVICE uint64_t eligible_mass_of(const Src& src, const Boundary<P>& boundary,
                                          typename SamplingStep<BLOCK>::Storage& s) {
  if constexpr (Filter::kKnowsMass) return boundary.mass;
  return SamplingStep<BLOCK>::eligible_mass(src, WeightKeys(), boundary.pred, s);
}

// Filter: functor (src, stats, row, shared) -> Boundary<P>; returns ok = false for an
// out-of-range per-row parameter. Every value it returns must be block-uniform.
// One block samples output row `row` from input row `src_row` of `probs` (the split kernels'
// fallback for rows whose boundary cannot be finished from a candidate list, see
// split_sampling.h). Per-row parameters, the Philox subsequence and the outputs are the output
// row's.
template <int BLOCK, TiePolicy P, class E, class Filter>
SAMPLING_DEVICE void sample_probability_row(const typename E::Storage* probs, int* token, int* valid, int row, int src_row,
                                            int vocab, uint64_t seed, uint64_t offset, const Filter& filter,
                                            SamplingShared<BLOCK>& shared) {
  if (vocab < 1 || vocab > kMaxVocab) {
    write_sample(token, valid, row, 0, false);
    return;
  }
  const ProbSource<E> src{RowViewOf<E>(probs, src_row, vocab)};
  const RowStats stats = validate_probability_row<BLOCK, Filter>(src, shared);
  if (!stats.valid) {
    write_sample(token, valid, row, 0, false);
    return;
  }
  const Boundary<P> boundary = filter(src, stats, row, shared.radix);
  if (!boundary.ok) {
    write_sample(token, valid, row, 0, false);
    return;
  }
  const float u = philox_row_uniform(seed, offset, static_cast<uint64_t>(row));
  const uint64_t mass = eligible_mass_of<BLOCK, Filter>(src, boundary, shared.step);
  const int tok = SamplingStep<BLOCK>::sample(src, WeightKeys(), boundary.pred, u, mass, shared.step);
  write_sample(token, valid, row, tok, tok >= 0 && tok < vocab);
}

// ---- filters as functors over (src, stats, row, radix storage) ----

// What a split kernel (split_sampling.h) needs to know of a radix filter: which selections it
// makes (the candidate buckets to gather) and its per-row parameters; k = vocab and p = 1 stand
// for "no top-k" and "no top-p".
enum class SplitFilterKind { kTopK, kTopP, kJoint, kTopKFirst };
struct SplitFilterParams {
  bool ok;
  int k;
  float p;
};

template <int BLOCK, TiePolicy P>
struct NoFilter {
  static constexpr bool kKnowsMass = true;
  static constexpr bool kUsesRadix = false;
  template <class Src>
  SAMPLING_DEVICE Boundary<P> operator()(const Src& src, const RowStats& st, int,
                                         typename RadixSelect<BLOCK>::Storage&) const {
    return boundary_all<P>(src.view.vocab, st.total);
  }
};

template <int BLOCK, TiePolicy P>
struct TopKFilter {
  static constexpr bool kKnowsMass = true;
  static constexpr bool kUsesRadix = true;
  const int* per_row;
  int scalar;
  template <class Src>
  SAMPLING_DEVICE Boundary<P> operator()(const Src& src, const RowStats& st, int row,
                                         typename RadixSelect<BLOCK>::Storage& s) const {
    const int k = row_param(per_row, scalar, row);
    if (!top_k_in_range(k)) return invalid_boundary();
    return boundary_top_k<BLOCK, P>(src, WeightKeys(), k, st.total, s);
  }
  template <class Select>
  static SAMPLING_DEVICE Boundary<P> compose(const Select& select, int vocab, int k, float, uint64_t total) {
    return select_top_k<P>(select, vocab, k, total);
  }
  static constexpr SplitFilterKind kSplitKind = SplitFilterKind::kTopK;
  SAMPLING_DEVICE SplitFilterParams split_params(int row, int vocab) const {
    const int k = row_param(per_row, scalar, row);
    (void)vocab;
    return SplitFilterParams{top_k_in_range(k), k, 1.0f};
  }
  static SAMPLING_DEVICE Boundary<P> invalid_boundary() {
    Boundary<P> b = boundary_all<P>(0, 0u);
    b.ok = false;
    return b;
  }
};

template <int BLOCK, TiePolicy P>
struct TopPFilter {
  static constexpr bool kKnowsMass = true;
  static constexpr bool kUsesRadix = true;
  const float* per_row;
  float scalar;
  template <class Src>
  SAMPLING_DEVICE Boundary<P> operator()(const Src& src, const RowStats& st, int row,
                                         typename RadixSelect<BLOCK>::Storage& s) const {
    const float p = row_param(per_row, scalar, row);
    if (!top_p_in_range(p)) return TopKFilter<BLOCK, P>::invalid_boundary();
    return boundary_top_p<BLOCK, P>(src, WeightKeys(), p, st.total, s);
  }
  template <class Select>
  static SAMPLING_DEVICE Boundary<P> compose(const Select& select, int vocab, int, float p, uint64_t total) {
    return select_top_p<P>(select, vocab, p, total);
  }
  static constexpr SplitFilterKind kSplitKind = SplitFilterKind::kTopP;
  SAMPLING_DEVICE SplitFilterParams split_params(int row, int vocab) const {
    const float p = row_param(per_row, scalar, row);
    return SplitFilterParams{top_p_in_range(p), vocab, p};
  }
};

template <int BLOCK, TiePolicy P>
struct MinPFilter {
  static constexpr bool kKnowsMass = false;  // a threshold: its mass needs a pass
  static constexpr bool kUsesRadix = false;
  const float* per_row;
  float scalar;
  template <class Src>
  SAMPLING_DEVICE Boundary<P> operator()(const Src& src, const RowStats& st, int row,
                                         typename RadixSelect<BLOCK>::Storage&) const {
    const float m = row_param(per_row, scalar, row);
    if (!min_p_in_range(m)) return TopKFilter<BLOCK, P>::invalid_boundary();
    return boundary_min_p<P>(m, st.max, src.view.vocab);
  }
};

enum class FusedOrderKind { kTopKFirst, kJoint };

template <int BLOCK, TiePolicy P, FusedOrderKind O>
struct TopKTopPFilter {
  static constexpr bool kKnowsMass = true;
  static constexpr bool kUsesRadix = true;
  const int* k_per_row;
  int k_scalar;
  const float* p_per_row;
  float p_scalar;
  template <class Src>
  SAMPLING_DEVICE Boundary<P> operator()(const Src& src, const RowStats& st, int row,
                                         typename RadixSelect<BLOCK>::Storage& s) const {
    const int k = row_param(k_per_row, k_scalar, row);
    const float p = row_param(p_per_row, p_scalar, row);
    if (!top_k_in_range(k) || !top_p_in_range(p)) return TopKFilter<BLOCK, P>::invalid_boundary();
    const RowSelector<BLOCK, Src, WeightKeys> select{src, WeightKeys(), s};
    return compose(select, src.view.vocab, k, p, st.total);
  }
  // The filter's boundary from any selector (filters.h): the row's radix passes, or a split
  // row's candidate list.
  static constexpr SplitFilterKind kSplitKind =
      O == FusedOrderKind::kTopKFirst ? SplitFilterKind::kTopKFirst : SplitFilterKind::kJoint;
  SAMPLING_DEVICE SplitFilterParams split_params(int row, int) const {
    const int k = row_param(k_per_row, k_scalar, row);
    const float p = row_param(p_per_row, p_scalar, row);
    return SplitFilterParams{top_k_in_range(k) && top_p_in_range(p), k, p};
  }
  template <class Select>
  static SAMPLING_DEVICE Boundary<P> compose(const Select& select, int vocab, int k, float p, uint64_t total) {
    if (O == FusedOrderKind::kTopKFirst) return select_top_k_then_top_p<P>(select, vocab, k, p, total);
    return select_top_k_and_top_p<P>(select, vocab, k, p, total);
  }
};

}  // namespace sampling
