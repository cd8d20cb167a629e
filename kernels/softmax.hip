// softmax.hip: probs = softmax(logits / T), T optional (per-row nullable, scalar 1 = none).
// A row is split over `parts` blocks (row_sync.h; grid = batch * parts) that meet at one row
// barrier. Each block reads its part once into shared memory as y = x / T (T = 1: y = x, the
// same value), takes the part's max m_p, replaces y by e = expf(y - m_p) and sums the e
// (per thread in index order, then a fixed tree). The parts publish (m_p, s_p); after the
// barrier every block combines them in the same fixed tree into (M, S) and writes
// e * (expf(m_p - M) / S): one expf per entry, one read and one write of the row, deterministic
// for a given launch (fixed trees, no float atomics).
// Invalid rows (NaN, +inf after scaling, all -inf, bad T) -> zeros, valid 0. Logits are fp32, f16
// or bf16 (widened to fp32 exactly at the load: a 16-bit row moves half the input bytes); the
// probabilities are fp32.
#include "include/block_reduce.h"
#include "include/chunk.h"
#include "include/param_ranges.h"
#include "include/row_tiles.h"

namespace sampling {

struct MaxSum {
  float max;
  float sum;  // sum of expf(x - max)
};

SAMPLING_DEVICE MaxSum sampling_shfl_xor(MaxSum v, int m) {
  return MaxSum{::sampling_shfl_xor(v.max, m), ::sampling_shfl_xor(v.sum, m)};
}

struct OpMaxSum {
  SAMPLING_DEVICE MaxSum operator()(MaxSum a, MaxSum b) const {
    // Order the pair so the combination is commutative bit for bit (butterfly lanes agree).
    if (b.max > a.max || (b.max == a.max && b.sum > a.sum)) {
      const MaxSum t = a;
      a = b;
      b = t;
    }
    if (a.max == -INFINITY) return a;  // both empty
    const float scaled = b.max == -INFINITY ? 0.0f : b.sum * expf(b.max - a.max);
    return MaxSum{a.max, a.sum + scaled};
  }
};

}  // namespace sampling

using namespace sampling;

constexpr int B = 512;
// The manifest's launch.sharedBytes: the scratch below, then the part's shared copy.
constexpr int kSoftmaxSharedBytes = 65536;

namespace {
struct SoftmaxScratch {
  BlockReduce<B>::Storage<MaxSum> max_sum;
  BlockReduce<B>::Storage<float> f32;
  BlockReduce<B>::Storage<uint32_t> flag;
  uint32_t ticket;
};
constexpr int kScratchBytes = static_cast<int>((sizeof(SoftmaxScratch) + 15) / 16 * 16);
constexpr int kCapacity = (kSoftmaxSharedBytes - kScratchBytes) / 16 * 4;

SAMPLING_DEVICE float scaled(float x, float t) { return t == 1.0f ? x : sampling_fdiv_rn(x, t); }

template <class E>
SAMPLING_DEVICE void softmax_rows(const typename E::Storage* logits, float* probs, int* valid, const float* temperature_arr,
                                  float temperature, int batch, int vocab, unsigned int* workspace) {
  SoftmaxScratch& sh = *reinterpret_cast<SoftmaxScratch*>(sampling_dynamic_shared);
  const SplitPart part = take_part<B>(workspace, batch, vocab, sh.ticket);
  if (part.row < 0) return;
  const OutChunk out = make_out_chunk(probs, part, vocab);
  const float t = row_param(temperature_arr, temperature, part.row);
  if (!temperature_in_range(t)) {
    fill_out_chunk<B>(out, 0.0f);
    if (part.part == 0 && threadIdx.x == 0) valid[part.row] = 0;
    return;
  }
  float* buffer = reinterpret_cast<float*>(reinterpret_cast<char*>(sampling_dynamic_shared) + kScratchBytes);
  const ChunkOf<E> c = make_chunk<E>(logits, part, vocab, buffer, kCapacity, -INFINITY);
  const bool resident = c.smem != nullptr;
  float mx = -INFINITY;
  uint32_t bad = 0u;
  stream_chunk<B>(c, 0, c.units(), [&](int u, float4& v) {
    float y[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      y[j] = scaled(y[j], t);
      if (4 * u + j >= c.count) continue;
      bad |= (y[j] != y[j] || y[j] == INFINITY) ? 1u : 0u;
      mx = y[j] > mx ? y[j] : mx;
    }
    v = make_float4(y[0], y[1], y[2], y[3]);  // the shared copy holds y
  });
  const float part_max = BlockReduce<B>::reduce(mx, OpMaxF32(), -INFINITY, sh.f32);  // its barriers publish the copy
  float sum = 0.0f;
  visit_chunk<B>(c, [&](int u, const float4& v) {
    float e[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      const float y = resident ? e[j] : scaled(e[j], t);
      e[j] = part_max == -INFINITY ? 0.0f : expf(y - part_max);
      if (4 * u + j < c.count) sum += e[j];
    }
    if (resident) reinterpret_cast<float4*>(c.smem)[u] = make_float4(e[0], e[1], e[2], e[3]);
  });
  const float part_sum = BlockReduce<B>::reduce(sum, OpSumF32(), 0.0f, sh.f32);
  bad = BlockReduce<B>::reduce(bad, OpOrU32(), 0u, sh.flag);
  const StreamRow row = stream_row(workspace, part);
  if (threadIdx.x == 0) {
    row.parts[part.part].max = part_max;
    row.parts[part.part].sum = part_sum;
    row.parts[part.part].bad = bad;
  }
  row_barrier(&row.header->arrive[0], part.parts);
  const int p = static_cast<int>(threadIdx.x);
  MaxSum mine{-INFINITY, 0.0f};
  uint32_t mine_bad = 0u;
  if (p < part.parts) {
    mine.max = sampling_load_coherent_f32(&row.parts[p].max);
    mine.sum = sampling_load_coherent_f32(&row.parts[p].sum);
    mine_bad = sampling_load_coherent(&row.parts[p].bad);
  }
  const MaxSum row_acc = BlockReduce<B>::reduce(mine, OpMaxSum(), MaxSum{-INFINITY, 0.0f}, sh.max_sum);
  const uint32_t any_bad = BlockReduce<B>::reduce(mine_bad, OpOrU32(), 0u, sh.flag);
  if (any_bad != 0u || row_acc.max == -INFINITY) {
    fill_out_chunk<B>(out, 0.0f);
    if (part.part == 0 && threadIdx.x == 0) valid[part.row] = 0;
    return;
  }
  // One factor per part: expf(y - M) / S = e * expf(m_p - M) / S.
  const float factor = part_max == -INFINITY ? 0.0f : sampling_fdiv_rn(expf(part_max - row_acc.max), row_acc.sum);
  visit_chunk<B>(c, [&](int u, const float4& v) {
    float x[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      const float e = resident ? x[j] : (part_max == -INFINITY ? 0.0f : expf(scaled(x[j], t) - part_max));
      x[j] = sampling_fmul_rn(e, factor);
    }
    out.store(u, make_float4(x[0], x[1], x[2], x[3]));
  });
  if (part.part == 0 && threadIdx.x == 0) valid[part.row] = 1;
}
}  // namespace

#define SAMPLING_SOFTMAX_ENTRY(name, E)                                                                          \
  SAMPLING_KERNEL(B)                                                                                             \
  name(const E::Storage* logits, float* probs, int* valid, const float* temperature_arr, float temperature,       \
       int batch, int vocab, unsigned int* workspace) {                                                          \
    softmax_rows<E>(logits, probs, valid, temperature_arr, temperature, batch, vocab, workspace);                \
  }

SAMPLING_SOFTMAX_ENTRY(softmax, ElemF32)
SAMPLING_SOFTMAX_ENTRY(softmax_f16, ElemF16)
SAMPLING_SOFTMAX_ENTRY(softmax_bf16, ElemBF16)
