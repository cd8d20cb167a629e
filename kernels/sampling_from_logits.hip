// sampling_from_logits.hip: sampling from logit rows with an optional temperature.
// Weights w = expf(x / T - max) (fp32 division, library expf), then THE sampling step with no
// filter. A row is split over `parts` blocks meeting through `workspace` (split_sampling.h):
// round 1 finds the max, round 2 the parts' masses. One Philox uniform per row (subsequence =
// row). Logit paths are replayed by the reference with a tolerance (expf is not bit-specified).
#include "include/split_logits.h"

using namespace sampling;

constexpr int B = kLogitBlock;

SAMPLING_KERNEL_OCCUPANCY(B, kLogitMinBlocks)
sampling_from_logits(const float* logits, int* token, int* valid, const float* temperature_arr, float temperature,
                     int batch, int vocab, unsigned long long seed, unsigned long long offset, unsigned int* workspace) {
  split_sample_logits<B>(SplitSampleArgs{logits, token, valid, batch, vocab, seed, offset, workspace}, temperature_arr,
                         temperature);
}
