// sampling_from_logits.hip: sampling from logit rows with an optional temperature.
// Weights w = expf(x / T - max) (fp32 division, library expf), then THE sampling step with no
// filter. One block per row, one Philox uniform per row (subsequence = row), no workspace.
// Logit paths are replayed by the reference with a tolerance (expf is not bit-specified).
#include "include/sampling_kernel_body.h"

using namespace sampling;

constexpr int B = kSamplingBlock;

SAMPLING_KERNEL(B)
sampling_from_logits(const float* logits, int* token, int* valid, const float* temperature_arr, float temperature,
                     int batch, int vocab, unsigned long long seed, unsigned long long offset) {
  __shared__ SamplingShared<B> shared;
  const int row = static_cast<int>(blockIdx.x);
  if (row >= batch) return;
  const float t = row_param(temperature_arr, temperature, row);
  if (vocab < 1 || vocab > kMaxVocab || !temperature_in_range(t)) {
    write_sample(token, valid, row, 0, false);
    return;
  }
  const RowView view(logits, row, vocab);
  const RowStats stats = logit_row_stats<B>(view, t, shared.stats);
  if (!stats.valid) {
    write_sample(token, valid, row, 0, false);
    return;
  }
  const LogitSource src{view, t, stats.max};
  const float u = philox_row_uniform(seed, offset, static_cast<uint64_t>(row));
  const ThresholdPredicate<TiePolicy::kTiesKept> all = ThresholdPredicate<TiePolicy::kTiesKept>::everything();
  const uint64_t mass = SamplingStep<B>::eligible_mass(src, WeightKeys(), all, shared.step);
  const int tok = SamplingStep<B>::sample(src, WeightKeys(), all, u, mass, shared.step);
  write_sample(token, valid, row, tok, tok >= 0 && tok < vocab);
}
