// renorm.hip: top-k / top-p renormalized probabilities. Same boundary selection and predicate as
// the samplers; out_i = e(i) ? fp32(double(w_i) * 2^32 / double(M)) : 0 where M is the exact
// fixed-point mass of the eligible set (the normalizer the sampling step uses, so renorm and
// sampling agree on the distribution). Invalid rows or parameters -> zeros, valid 0. Inputs are
// fp32, f16 or bf16 (widened to fp32 exactly at the load); the output is fp32.
#include "include/row_output.h"
#include "include/sampling_kernel_body.h"

using namespace sampling;

constexpr int B = kSamplingBlock;
constexpr TiePolicy Kept = TiePolicy::kTiesKept;
constexpr TiePolicy Exact = TiePolicy::kExact;

namespace {
template <TiePolicy P, class E, class Filter>
SAMPLING_DEVICE void renorm_row(const typename E::Storage* probs, float* out, int* valid, int batch, int vocab, const Filter& filter) {
  __shared__ SamplingShared<B> shared;
  const int row = static_cast<int>(blockIdx.x);
  if (row >= batch || vocab < 1) return;
  float* out_row = output_row(out, row, vocab);
  if (vocab > kMaxVocab) {
    fill_invalid_row<B>(out_row, valid, row, vocab, 0.0f);
    return;
  }
  const ProbSource<E> src{RowViewOf<E>(probs, row, vocab)};
  const RowStats stats = validate_probability_row<B, Filter>(src, shared);
  const Boundary<P> boundary = stats.valid ? filter(src, stats, row, shared.radix) : TopKFilter<B, P>::invalid_boundary();
  const uint64_t mass = boundary.ok ? eligible_mass_of<B, Filter>(src, boundary, shared.step) : 0u;
  if (mass == 0u) {
    fill_invalid_row<B>(out_row, valid, row, vocab, 0.0f);
    return;
  }
  const double scale = 4294967296.0 / static_cast<double>(mass);
  SamplingStep<B>::for_each_tile(src, WeightKeys(), boundary.pred, shared.step,
                                 [&](int first, const float (&w)[kItems], const bool (&e)[kItems]) {
                                   float r[kItems];
#pragma unroll
                                   for (int j = 0; j < kItems; ++j)
                                     r[j] = e[j] ? static_cast<float>(static_cast<double>(w[j]) * scale) : 0.0f;
                                   store_items(out_row, first, vocab, r);
                                   return false;
                                 });
  if (threadIdx.x == 0) valid[row] = 1;
}
}  // namespace

#define SAMPLING_TOP_K_RENORM(name, E, policy)                                                                  \
  SAMPLING_KERNEL(B)                                                                                             \
  name(const E::Storage* probs, float* out, int* valid, const int* top_k_arr, int top_k, int batch, int vocab) {  \
    renorm_row<policy, E>(probs, out, valid, batch, vocab, TopKFilter<B, policy>{top_k_arr, top_k});             \
  }
#define SAMPLING_TOP_P_RENORM(name, E, policy)                                                                  \
  SAMPLING_KERNEL(B)                                                                                             \
  name(const E::Storage* probs, float* out, int* valid, const float* top_p_arr, float top_p, int batch,           \
       int vocab) {                                                                                              \
    renorm_row<policy, E>(probs, out, valid, batch, vocab, TopPFilter<B, policy>{top_p_arr, top_p});             \
  }

SAMPLING_TOP_K_RENORM(top_k_renorm_probs_ties_kept, ElemF32, Kept)
SAMPLING_TOP_K_RENORM(top_k_renorm_probs_exact, ElemF32, Exact)
SAMPLING_TOP_P_RENORM(top_p_renorm_probs_ties_kept, ElemF32, Kept)
SAMPLING_TOP_P_RENORM(top_p_renorm_probs_exact, ElemF32, Exact)
SAMPLING_TOP_K_RENORM(top_k_renorm_probs_ties_kept_f16, ElemF16, Kept)
SAMPLING_TOP_K_RENORM(top_k_renorm_probs_exact_f16, ElemF16, Exact)
SAMPLING_TOP_P_RENORM(top_p_renorm_probs_ties_kept_f16, ElemF16, Kept)
SAMPLING_TOP_P_RENORM(top_p_renorm_probs_exact_f16, ElemF16, Exact)
SAMPLING_TOP_K_RENORM(top_k_renorm_probs_ties_kept_bf16, ElemBF16, Kept)
SAMPLING_TOP_K_RENORM(top_k_renorm_probs_exact_bf16, ElemBF16, Exact)
SAMPLING_TOP_P_RENORM(top_p_renorm_probs_ties_kept_bf16, ElemBF16, Kept)
SAMPLING_TOP_P_RENORM(top_p_renorm_probs_exact_bf16, ElemBF16, Exact)
