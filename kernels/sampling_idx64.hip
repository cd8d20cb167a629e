// sampling_idx64.hip: the samplers of sampling.hip with int64 indices (nullable) instead of int32:
// the same code and tokens; the index width is read once per block (include/row_indices.h).
#include "include/sampling_entries.h"

using namespace sampling;

SAMPLING_PLAIN_ENTRY(sampling_from_probs_idx64, ElemF32, long long)
SAMPLING_TOP_K_ENTRY(top_k_sampling_ties_kept_idx64, ElemF32, long long, kKept)
SAMPLING_TOP_K_ENTRY(top_k_sampling_exact_idx64, ElemF32, long long, kExact)
SAMPLING_TOP_P_ENTRY(top_p_sampling_ties_kept_idx64, ElemF32, long long, kKept)
SAMPLING_TOP_P_ENTRY(top_p_sampling_exact_idx64, ElemF32, long long, kExact)
SAMPLING_MIN_P_ENTRY(min_p_sampling_idx64, ElemF32, long long)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_topk_first_ties_kept_idx64, ElemF32, long long, kKept, FusedOrderKind::kTopKFirst)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_topk_first_exact_idx64, ElemF32, long long, kExact, FusedOrderKind::kTopKFirst)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_joint_ties_kept_idx64, ElemF32, long long, kKept, FusedOrderKind::kJoint)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_joint_exact_idx64, ElemF32, long long, kExact, FusedOrderKind::kJoint)
