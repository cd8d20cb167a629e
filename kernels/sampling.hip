// sampling.hip: sampling from probability rows, unfiltered and with top-k, top-p, min-p and the
// fused top-k + top-p filters, one entry point per (filter, tie policy[, order]).
// ABI (docs/design.md): a row is split over `parts` blocks of kSamplingBlock threads
// (grid = batch * parts, split_sampling.h), which meet through `workspace` (zeroed before every
// launch; its size is the manifest's workspaceBytes); per-row parameter arrays may be null (then
// the scalar is used); token/valid are int32[batch]; exactly one Philox uniform per row
// (subsequence = row), the same for every number of parts.
#include "include/split_select.h"

using namespace sampling;

constexpr int B = kSplitBlock;
constexpr int BP = kPlainBlock;
constexpr TiePolicy Kept = TiePolicy::kTiesKept;
constexpr TiePolicy Exact = TiePolicy::kExact;

SAMPLING_KERNEL_OCCUPANCY(BP, kPlainMinBlocks)
sampling_from_probs(const float* probs, int* token, int* valid, int batch, int vocab, unsigned long long seed,
                    unsigned long long offset, unsigned int* workspace) {
  split_sample_plain<BP>(SplitSampleArgs{probs, token, valid, batch, vocab, seed, offset, workspace});
}

#define SAMPLING_TOP_K_ENTRY(name, policy)                                                                      \
  SAMPLING_KERNEL_OCCUPANCY(B, kSplitMinBlocks)                                                                                             \
  name(const float* probs, int* token, int* valid, const int* top_k_arr, int top_k, int batch, int vocab,       \
       unsigned long long seed, unsigned long long offset, unsigned int* workspace) {                            \
    split_sample_radix<B, policy>(SplitSampleArgs{probs, token, valid, batch, vocab, seed, offset, workspace},   \
                                  TopKFilter<B, policy>{top_k_arr, top_k});                                      \
  }
SAMPLING_TOP_K_ENTRY(top_k_sampling_ties_kept, Kept)
SAMPLING_TOP_K_ENTRY(top_k_sampling_exact, Exact)

#define SAMPLING_TOP_P_ENTRY(name, policy)                                                                      \
  SAMPLING_KERNEL_OCCUPANCY(B, kSplitMinBlocks)                                                                                             \
  name(const float* probs, int* token, int* valid, const float* top_p_arr, float top_p, int batch, int vocab,   \
       unsigned long long seed, unsigned long long offset, unsigned int* workspace) {                            \
    split_sample_radix<B, policy>(SplitSampleArgs{probs, token, valid, batch, vocab, seed, offset, workspace},   \
                                  TopPFilter<B, policy>{top_p_arr, top_p});                                      \
  }
SAMPLING_TOP_P_ENTRY(top_p_sampling_ties_kept, Kept)
SAMPLING_TOP_P_ENTRY(top_p_sampling_exact, Exact)

// Min-p is a threshold: ties are kept by construction, so it has a single entry point.
SAMPLING_KERNEL_OCCUPANCY(B, kSplitMinBlocks)
min_p_sampling(const float* probs, int* token, int* valid, const float* min_p_arr, float min_p, int batch, int vocab,
               unsigned long long seed, unsigned long long offset, unsigned int* workspace) {
  split_sample_min_p<B>(SplitSampleArgs{probs, token, valid, batch, vocab, seed, offset, workspace}, min_p_arr, min_p);
}

#define SAMPLING_FUSED_ENTRY(name, policy, order)                                                                \
  SAMPLING_KERNEL_OCCUPANCY(B, kSplitMinBlocks)                                                                                             \
  name(const float* probs, int* token, int* valid, const int* top_k_arr, int top_k, const float* top_p_arr,      \
       float top_p, int batch, int vocab, unsigned long long seed, unsigned long long offset,                   \
       unsigned int* workspace) {                                                                                \
    split_sample_radix<B, policy>(SplitSampleArgs{probs, token, valid, batch, vocab, seed, offset, workspace},   \
                                  TopKTopPFilter<B, policy, order>{top_k_arr, top_k, top_p_arr, top_p});         \
  }
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_topk_first_ties_kept, Kept, FusedOrderKind::kTopKFirst)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_topk_first_exact, Exact, FusedOrderKind::kTopKFirst)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_joint_ties_kept, Kept, FusedOrderKind::kJoint)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_joint_exact, Exact, FusedOrderKind::kJoint)
