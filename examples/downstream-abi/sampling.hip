// sampling.hip: top-p, top-k and top-k-then-top-p sampling with the downstream engine's ABI.
//
// One block per row (grid = batch_size), block = min(256, vocab_size) threads, no dynamic shared
// memory, no workspace. The engine generates one uniform per row beforehand (random_values[row],
// rocrand_generate_uniform: u in (0, 1]) and passes it in; the kernels draw nothing themselves.
//
// Per row: one validation pass (entries in [0, 1], fixed-point total T > 0), the boundary by a
// 4-pass radix select (abi_select.h; the fused kernel selects twice), then one draw by inverse CDF
// over exact fixed-point prefix sums (abi_draw.h). Ties are kept: every weight equal to the boundary
// value is eligible. A row that cannot be sampled (NaN, inf, negative or > 1 entries, all zeros) or
// a parameter out of range (top_k < 1, top_p outside (0, 1]) gives token 0: the declared
// "in-range" policy (no validity flag in this ABI).
#include "abi_draw.h"

using namespace abi;

namespace {

struct SamplerShared {
  BlockScratch<uint64_t> stats;
  SelectShared select;
  DrawShared draw;
};

ABI_DEVICE bool top_p_in_range(float p) { return p > 0.0f && p <= 1.0f; }

// Top-p: the minimal set of largest weights whose mass reaches fl32(p) * total (float64 product).
ABI_DEVICE Boundary nucleus(const float* w, int vocab, float top_p, uint64_t total, SelectShared& s) {
  if (top_p == 1.0f) return keep_all(total);
  const uint64_t target = static_cast<uint64_t>(ceil(static_cast<double>(top_p) * static_cast<double>(total)));
  return radix_select<Goal::kMass>(w, vocab, target, s);
}

// Top-k: every weight >= the k-th largest (k >= vocab keeps everything).
ABI_DEVICE Boundary top_k_set(const float* w, int vocab, int top_k, uint64_t total, SelectShared& s) {
  if (top_k >= vocab) return keep_all(total);
  return radix_select<Goal::kCount>(w, vocab, static_cast<uint64_t>(top_k), s);
}

ABI_DEVICE void write_token(uint32_t* output, int row, int token) {
  if (tid() == 0) output[row] = static_cast<uint32_t>(token);
}

}  // namespace

extern "C" __global__ void topp_sampling_kernel(const float* probabilities, const float* random_values,
                                                uint32_t* output, const float top_p, const int batch_size,
                                                const int vocab_size) {
  __shared__ SamplerShared s;
  const int row = static_cast<int>(blockIdx.x);
  if (row >= batch_size || vocab_size < 1) return;
  const float* w = row_of(probabilities, row, vocab_size);
  const RowStats stats = row_stats(w, vocab_size, s.stats);
  if (!stats.valid || !top_p_in_range(top_p)) {
    write_token(output, row, 0);
    return;
  }
  const Boundary b = nucleus(w, vocab_size, top_p, stats.total, s.select);
  write_token(output, row, b.found ? draw_index(w, vocab_size, b, random_values[row], s.draw) : 0);
}

extern "C" __global__ void topk_sampling_kernel(const float* probabilities, const float* random_values,
                                                uint32_t* output, const int top_k, const int batch_size,
                                                const int vocab_size) {
  __shared__ SamplerShared s;
  const int row = static_cast<int>(blockIdx.x);
  if (row >= batch_size || vocab_size < 1) return;
  const float* w = row_of(probabilities, row, vocab_size);
  const RowStats stats = row_stats(w, vocab_size, s.stats);
  if (!stats.valid || top_k < 1) {
    write_token(output, row, 0);
    return;
  }
  const Boundary b = top_k_set(w, vocab_size, top_k, stats.total, s.select);
  write_token(output, row, b.found ? draw_index(w, vocab_size, b, random_values[row], s.draw) : 0);
}

// Top-k first, then top-p inside the top-k set: the nucleus reaches fl32(p) * M_k, M_k the top-k
// mass. Both sets are prefixes of the descending order and the nucleus target is <= M_k, so the
// nucleus of the whole row at that target lies inside the top-k set: the second select needs no
// candidate mask.
extern "C" __global__ void topk_topp_sampling_kernel(const float* probabilities, const float* random_values,
                                                     uint32_t* output, const int top_k, const float top_p,
                                                     const int batch_size, const int vocab_size) {
  __shared__ SamplerShared s;
  const int row = static_cast<int>(blockIdx.x);
  if (row >= batch_size || vocab_size < 1) return;
  const float* w = row_of(probabilities, row, vocab_size);
  const RowStats stats = row_stats(w, vocab_size, s.stats);
  if (!stats.valid || top_k < 1 || !top_p_in_range(top_p)) {
    write_token(output, row, 0);
    return;
  }
  Boundary b = top_k_set(w, vocab_size, top_k, stats.total, s.select);
  if (b.found && top_p != 1.0f) b = nucleus(w, vocab_size, top_p, b.mass, s.select);
  write_token(output, row, b.found ? draw_index(w, vocab_size, b, random_values[row], s.draw) : 0);
}
