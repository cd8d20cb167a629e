// sampling_kernel_body.h: the row program every probability-sampling entry point runs:
// validate -> choose a boundary (the filter) -> draw the row's one uniform -> sampling step.
// One block per row; the filter is a functor, so no pivot loop is repeated per kernel.
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

// Filter: functor (src, stats, row, shared) -> Boundary<P>; returns ok = false for an
// out-of-range per-row parameter. Every value it returns must be block-uniform.
template <int BLOCK, TiePolicy P, class Filter>
SAMPLING_DEVICE void sample_probability_row(const float* probs, int* token, int* valid, int batch, int vocab,
                                            uint64_t seed, uint64_t offset, const Filter& filter) {
  __shared__ SamplingShared<BLOCK> shared;
  const int row = static_cast<int>(blockIdx.x);
  if (row >= batch) return;
  if (vocab < 1 || vocab > kMaxVocab) {
    write_sample(token, valid, row, 0, false);
    return;
  }
  const ProbSource src{RowView(probs, row, vocab)};
  const RowStats stats = probability_row_stats<BLOCK>(src, shared.stats);
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
  const int tok = SamplingStep<BLOCK>::sample(src, WeightKeys(), boundary.pred, u, shared.step);
  write_sample(token, valid, row, tok, tok >= 0 && tok < vocab);
}

// ---- filters as functors over (src, stats, row, radix storage) ----

template <int BLOCK, TiePolicy P>
struct NoFilter {
  template <class Src>
  SAMPLING_DEVICE Boundary<P> operator()(const Src& src, const RowStats& st, int,
                                         typename RadixSelect<BLOCK>::Storage&) const {
    return boundary_all<P>(src.view.vocab, st.total);
  }
};

template <int BLOCK, TiePolicy P>
struct TopKFilter {
  const int* per_row;
  int scalar;
  template <class Src>
  SAMPLING_DEVICE Boundary<P> operator()(const Src& src, const RowStats& st, int row,
                                         typename RadixSelect<BLOCK>::Storage& s) const {
    const int k = row_param(per_row, scalar, row);
    if (!top_k_in_range(k)) return invalid_boundary();
    return boundary_top_k<BLOCK, P>(src, WeightKeys(), k, st.total, s);
  }
  static SAMPLING_DEVICE Boundary<P> invalid_boundary() {
    Boundary<P> b = boundary_all<P>(0, 0u);
    b.ok = false;
    return b;
  }
};

template <int BLOCK, TiePolicy P>
struct TopPFilter {
  const float* per_row;
  float scalar;
  template <class Src>
  SAMPLING_DEVICE Boundary<P> operator()(const Src& src, const RowStats& st, int row,
                                         typename RadixSelect<BLOCK>::Storage& s) const {
    const float p = row_param(per_row, scalar, row);
    if (!top_p_in_range(p)) return TopKFilter<BLOCK, P>::invalid_boundary();
    return boundary_top_p<BLOCK, P>(src, WeightKeys(), p, st.total, s);
  }
};

template <int BLOCK, TiePolicy P>
struct MinPFilter {
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
    if (O == FusedOrderKind::kTopKFirst) return boundary_top_k_then_top_p<BLOCK, P>(src, WeightKeys(), k, p, st.total, s);
    return boundary_top_k_and_top_p<BLOCK, P>(src, WeightKeys(), k, p, st.total, s);
  }
};

}  // namespace sampling
