// sampling.hip: sampling from probability rows, unfiltered and with top-k, top-p, min-p and the
// fused top-k + top-p filters, one entry point per (filter, tie policy[, order]).
// ABI (docs/design.md): one block of kSamplingBlock threads per row, grid = batch; per-row
// parameter arrays may be null (then the scalar is used); token/valid are int32[batch];
// exactly one Philox uniform per row (subsequence = row); no workspace beyond shared memory.
#include "include/sampling_kernel_body.h"

using namespace sampling;

constexpr int B = kSamplingBlock;
constexpr TiePolicy Kept = TiePolicy::kTiesKept;
constexpr TiePolicy Exact = TiePolicy::kExact;

SAMPLING_KERNEL(B)
sampling_from_probs(const float* probs, int* token, int* valid, int batch, int vocab, unsigned long long seed,
                    unsigned long long offset) {
  sample_probability_row<B, Kept>(probs, token, valid, batch, vocab, seed, offset, NoFilter<B, Kept>());
}

#define SAMPLING_TOP_K_ENTRY(name, policy)                                                                      \
  SAMPLING_KERNEL(B)                                                                                             \
  name(const float* probs, int* token, int* valid, const int* top_k_arr, int top_k, int batch, int vocab,       \
       unsigned long long seed, unsigned long long offset) {                                                     \
    sample_probability_row<B, policy>(probs, token, valid, batch, vocab, seed, offset,                          \
                                      TopKFilter<B, policy>{top_k_arr, top_k});                                  \
  }
SAMPLING_TOP_K_ENTRY(top_k_sampling_ties_kept, Kept)
SAMPLING_TOP_K_ENTRY(top_k_sampling_exact, Exact)

#define SAMPLING_TOP_P_ENTRY(name, policy)                                                                      \
  SAMPLING_KERNEL(B)                                                                                             \
  name(const float* probs, int* token, int* valid, const float* top_p_arr, float top_p, int batch, int vocab,   \
       unsigned long long seed, unsigned long long offset) {                                                     \
    sample_probability_row<B, policy>(probs, token, valid, batch, vocab, seed, offset,                          \
                                      TopPFilter<B, policy>{top_p_arr, top_p});                                  \
  }
SAMPLING_TOP_P_ENTRY(top_p_sampling_ties_kept, Kept)
SAMPLING_TOP_P_ENTRY(top_p_sampling_exact, Exact)

// Min-p is a threshold: ties are kept by construction, so it has a single entry point.
SAMPLING_KERNEL(B)
min_p_sampling(const float* probs, int* token, int* valid, const float* min_p_arr, float min_p, int batch, int vocab,
               unsigned long long seed, unsigned long long offset) {
  sample_probability_row<B, Kept>(probs, token, valid, batch, vocab, seed, offset, MinPFilter<B, Kept>{min_p_arr, min_p});
}

#define SAMPLING_FUSED_ENTRY(name, policy, order)                                                                \
  SAMPLING_KERNEL(B)                                                                                             \
  name(const float* probs, int* token, int* valid, const int* top_k_arr, int top_k, const float* top_p_arr,      \
       float top_p, int batch, int vocab, unsigned long long seed, unsigned long long offset) {                 \
    sample_probability_row<B, policy>(probs, token, valid, batch, vocab, seed, offset,                          \
                                      TopKTopPFilter<B, policy, order>{top_k_arr, top_k, top_p_arr, top_p});     \
  }
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_topk_first_ties_kept, Kept, FusedOrderKind::kTopKFirst)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_topk_first_exact, Exact, FusedOrderKind::kTopKFirst)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_joint_ties_kept, Kept, FusedOrderKind::kJoint)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_joint_exact, Exact, FusedOrderKind::kJoint)
