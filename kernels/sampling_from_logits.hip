// sampling_from_logits.hip: sampling from logit rows (fp32, f16 or bf16, widened to fp32 exactly
// at the load) with an optional temperature. Weights w = expf(x / T - max) (fp32 division,
// library expf), then THE sampling step with no filter. A row is split over `parts` blocks
// meeting through `workspace` (split_logits.h): round 1 finds the max, round 2 the parts' masses.
// Output row i reads input row indices[i] (int32 or int64, nullable: row i); one Philox uniform
// per output row (subsequence = output row). Logit paths are replayed by the reference with a
// tolerance (expf is not bit-specified).
#include "include/split_logits.h"

using namespace sampling;

#define SAMPLING_LOGITS_ENTRY(name, E, IDX)                                                                     \
  SAMPLING_KERNEL_OCCUPANCY(kLogitBlock, kLogitMinBlocks)                                                        \
  name(const E::Storage* logits, int* token, int* valid, const IDX* indices, const float* temperature_arr,        \
       float temperature, int batch, int input_batch, int vocab, unsigned long long seed, unsigned long long offset, \
       unsigned int* workspace) {                                                                                \
    split_sample_logits<kLogitBlock>(                                                                            \
        SplitSampleArgs<E>{logits, token, valid, batch, vocab, seed, offset, workspace, row_indices(indices, input_batch)}, \
        temperature_arr, temperature);                                                                           \
  }

SAMPLING_LOGITS_ENTRY(sampling_from_logits, ElemF32, int)
SAMPLING_LOGITS_ENTRY(sampling_from_logits_f16, ElemF16, int)
SAMPLING_LOGITS_ENTRY(sampling_from_logits_bf16, ElemBF16, int)
SAMPLING_LOGITS_ENTRY(sampling_from_logits_idx64, ElemF32, long long)
