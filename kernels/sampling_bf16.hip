// sampling_bf16.hip: the samplers of sampling.hip over bfloat16 probability rows, widened to fp32
// exactly at the load, so a row samples as the fp32 row of its widened values; int32 indices (nullable).
#include "include/sampling_entries.h"

using namespace sampling;

SAMPLING_PLAIN_ENTRY(sampling_from_probs_bf16, ElemBF16, int)
SAMPLING_TOP_K_ENTRY(top_k_sampling_ties_kept_bf16, ElemBF16, int, kKept)
SAMPLING_TOP_K_ENTRY(top_k_sampling_exact_bf16, ElemBF16, int, kExact)
SAMPLING_TOP_P_ENTRY(top_p_sampling_ties_kept_bf16, ElemBF16, int, kKept)
SAMPLING_TOP_P_ENTRY(top_p_sampling_exact_bf16, ElemBF16, int, kExact)
SAMPLING_MIN_P_ENTRY(min_p_sampling_bf16, ElemBF16, int)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_topk_first_ties_kept_bf16, ElemBF16, int, kKept, FusedOrderKind::kTopKFirst)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_topk_first_exact_bf16, ElemBF16, int, kExact, FusedOrderKind::kTopKFirst)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_joint_ties_kept_bf16, ElemBF16, int, kKept, FusedOrderKind::kJoint)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_joint_exact_bf16, ElemBF16, int, kExact, FusedOrderKind::kJoint)
