// sampling_entries.h: the extern "C" entry points of the samplers from probability rows, one
// macro per filter, instantiated per (tie policy[, order], element type E, index type IDX) by the
// sampling*.hip files, so the fp32, f16 and bf16 kernels and the int32/int64 index kernels are the
// same code (kernels/README.md, "Element types and indices").
// ABI: (probs[input_batch * vocab] of E, token[batch], valid[batch], indices[batch] (nullable:
// output row i reads input row i), per-row parameter arrays (nullable) and their scalars, batch,
// input_batch, vocab, seed, offset, workspace). A row is split over `parts` blocks
// (grid = batch * parts, split_sampling.h) that meet through `workspace` (zeroed before every
// launch; one record per OUTPUT row, its size is the manifest's workspaceBytes); exactly one
// Philox uniform per output row (subsequence = output row), the same for every number of parts.
#pragma once

#include "split_select.h"

namespace sampling {
constexpr TiePolicy kKept = TiePolicy::kTiesKept;
constexpr TiePolicy kExact = TiePolicy::kExact;
}  // namespace sampling

#define SAMPLING_SPLIT_ARGS(E)                                                                                   \
  ::sampling::SplitSampleArgs<E> {                                                                               \
    probs, token, valid, batch, vocab, seed, offset, workspace, ::sampling::row_indices(indices, input_batch)    \
  }

#define SAMPLING_PLAIN_ENTRY(name, E, IDX)                                                                       \
  SAMPLING_KERNEL_OCCUPANCY(::sampling::kPlainBlock, ::sampling::kPlainMinBlocks)                                \
  name(const E::Storage* probs, int* token, int* valid, const IDX* indices, int batch, int input_batch,           \
       int vocab, unsigned long long seed, unsigned long long offset, unsigned int* workspace) {                  \
    ::sampling::split_sample_plain<::sampling::kPlainBlock>(SAMPLING_SPLIT_ARGS(E));                             \
  }

#define SAMPLING_TOP_K_ENTRY(name, E, IDX, policy)                                                               \
  SAMPLING_KERNEL_OCCUPANCY(::sampling::kSplitBlock, ::sampling::kSplitMinBlocks)                                \
  name(const E::Storage* probs, int* token, int* valid, const IDX* indices, const int* top_k_arr, int top_k,      \
       int batch, int input_batch, int vocab, unsigned long long seed, unsigned long long offset,                 \
       unsigned int* workspace) {                                                                                \
    ::sampling::split_sample_radix<::sampling::kSplitBlock, policy>(                                             \
        SAMPLING_SPLIT_ARGS(E), ::sampling::TopKFilter<::sampling::kSplitBlock, policy>{top_k_arr, top_k});       \
  }

#define SAMPLING_TOP_P_ENTRY(name, E, IDX, policy)                                                               \
  SAMPLING_KERNEL_OCCUPANCY(::sampling::kSplitBlock, ::sampling::kSplitMinBlocks)                                \
  name(const E::Storage* probs, int* token, int* valid, const IDX* indices, const float* top_p_arr, float top_p,  \
       int batch, int input_batch, int vocab, unsigned long long seed, unsigned long long offset,                 \
       unsigned int* workspace) {                                                                                \
    ::sampling::split_sample_radix<::sampling::kSplitBlock, policy>(                                             \
        SAMPLING_SPLIT_ARGS(E), ::sampling::TopPFilter<::sampling::kSplitBlock, policy>{top_p_arr, top_p});       \
  }

// Min-p is a threshold: ties are kept by construction, so it has a single entry point.
#define SAMPLING_MIN_P_ENTRY(name, E, IDX)                                                                       \
  SAMPLING_KERNEL_OCCUPANCY(::sampling::kSplitBlock, ::sampling::kSplitMinBlocks)                                \
  name(const E::Storage* probs, int* token, int* valid, const IDX* indices, const float* min_p_arr, float min_p,  \
       int batch, int input_batch, int vocab, unsigned long long seed, unsigned long long offset,                 \
       unsigned int* workspace) {                                                                                \
    ::sampling::split_sample_min_p<::sampling::kSplitBlock>(SAMPLING_SPLIT_ARGS(E), min_p_arr, min_p);           \
  }

#define SAMPLING_FUSED_ENTRY(name, E, IDX, policy, order)                                                        \
  SAMPLING_KERNEL_OCCUPANCY(::sampling::kSplitBlock, ::sampling::kSplitMinBlocks)                                \
  name(const E::Storage* probs, int* token, int* valid, const IDX* indices, const int* top_k_arr, int top_k,      \
       const float* top_p_arr, float top_p, int batch, int input_batch, int vocab, unsigned long long seed,       \
       unsigned long long offset, unsigned int* workspace) {                                                     \
    ::sampling::split_sample_radix<::sampling::kSplitBlock, policy>(                                             \
        SAMPLING_SPLIT_ARGS(E),                                                                                   \
        ::sampling::TopKTopPFilter<::sampling::kSplitBlock, policy, order>{top_k_arr, top_k, top_p_arr, top_p});  \
  }
