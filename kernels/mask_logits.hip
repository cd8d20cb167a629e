// mask_logits.hip: top-k mask over logits: out_i = e(i) ? x_i : -inf, selecting on the logits'
// own order (order-preserving keys), not on exp(x - max), which can tie distinct logits.
// k >= vocab copies the row. Invalid logit rows or k < 1 -> all -inf, valid 0. Inputs are fp32,
// f16 or bf16 (widened to fp32 exactly at the load; the output holds the widened logits).
#include "include/row_output.h"
#include "include/sampling_kernel_body.h"

using namespace sampling;

constexpr int B = kSamplingBlock;
constexpr TiePolicy Kept = TiePolicy::kTiesKept;
constexpr TiePolicy Exact = TiePolicy::kExact;

namespace {
template <TiePolicy P, class E>
SAMPLING_DEVICE void mask_row(const typename E::Storage* logits, float* out, int* valid, const int* top_k_arr, int top_k, int batch,
                              int vocab) {
  __shared__ SamplingShared<B> shared;
  const int row = static_cast<int>(blockIdx.x);
  if (row >= batch || vocab < 1) return;
  float* out_row = output_row(out, row, vocab);
  const int k = row_param(top_k_arr, top_k, row);
  const RowViewOf<E> view(logits, row, vocab);
  RadixSelect<B>::forget_first_digit(shared.radix);  // published by the barriers of the validation pass
  if (!top_k_in_range(k) || vocab > kMaxVocab || !logit_row_stats<B>(view, 1.0f, shared.stats).valid) {
    fill_invalid_row<B>(out_row, valid, row, vocab, -INFINITY);
    return;
  }
  const RawSource<E> src{view};
  const Boundary<P> boundary = boundary_top_k<B, P>(src, LogitKeys(), k, 0u, shared.radix);
  if (!boundary.ok) {
    fill_invalid_row<B>(out_row, valid, row, vocab, -INFINITY);
    return;
  }
  SamplingStep<B>::for_each_tile(src, LogitKeys(), boundary.pred, shared.step,
                                 [&](int first, const float (&x)[kItems], const bool (&e)[kItems]) {
                                   float r[kItems];
#pragma unroll
                                   for (int j = 0; j < kItems; ++j) r[j] = e[j] ? x[j] : -INFINITY;
                                   store_items(out_row, first, vocab, r);
                                   return false;
                                 });
  if (threadIdx.x == 0) valid[row] = 1;
}
}  // namespace

#define SAMPLING_MASK_ENTRY(name, E, policy)                                                                    \
  SAMPLING_KERNEL(B)                                                                                             \
  name(const E::Storage* logits, float* out, int* valid, const int* top_k_arr, int top_k, int batch, int vocab) { \
    mask_row<policy, E>(logits, out, valid, top_k_arr, top_k, batch, vocab);                                     \
  }

SAMPLING_MASK_ENTRY(top_k_mask_logits_ties_kept, ElemF32, Kept)
SAMPLING_MASK_ENTRY(top_k_mask_logits_exact, ElemF32, Exact)
SAMPLING_MASK_ENTRY(top_k_mask_logits_ties_kept_f16, ElemF16, Kept)
SAMPLING_MASK_ENTRY(top_k_mask_logits_exact_f16, ElemF16, Exact)
SAMPLING_MASK_ENTRY(top_k_mask_logits_ties_kept_bf16, ElemBF16, Kept)
SAMPLING_MASK_ENTRY(top_k_mask_logits_exact_bf16, ElemBF16, Exact)
