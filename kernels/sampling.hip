// sampling.hip: sampling from fp32 probability rows, unfiltered and with top-k, top-p, min-p and
// the fused top-k + top-p filters, one entry point per (filter, tie policy[, order]); int32
// indices (nullable). The ABI and the split-row scheme: include/sampling_entries.h.
#include "include/sampling_entries.h"

using namespace sampling;

SAMPLING_PLAIN_ENTRY(sampling_from_probs, ElemF32, int)
SAMPLING_TOP_K_ENTRY(top_k_sampling_ties_kept, ElemF32, int, kKept)
SAMPLING_TOP_K_ENTRY(top_k_sampling_exact, ElemF32, int, kExact)
SAMPLING_TOP_P_ENTRY(top_p_sampling_ties_kept, ElemF32, int, kKept)
SAMPLING_TOP_P_ENTRY(top_p_sampling_exact, ElemF32, int, kExact)
SAMPLING_MIN_P_ENTRY(min_p_sampling, ElemF32, int)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_topk_first_ties_kept, ElemF32, int, kKept, FusedOrderKind::kTopKFirst)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_topk_first_exact, ElemF32, int, kExact, FusedOrderKind::kTopKFirst)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_joint_ties_kept, ElemF32, int, kKept, FusedOrderKind::kJoint)
SAMPLING_FUSED_ENTRY(top_k_top_p_sampling_joint_exact, ElemF32, int, kExact, FusedOrderKind::kJoint)
