// softmax.hip: probs = softmax(logits / T), T optional (per-row nullable, scalar 1 = none).
// One online max+sum pass (each thread keeps (max, sum) and rescales when the max grows; the
// block combines the pairs in a fixed tree: deterministic), then one write pass.
// Invalid rows (NaN, +inf after scaling, all -inf, bad T) -> zeros, valid 0.
#include "include/block_reduce.h"
#include "include/filters.h"
#include "include/row_output.h"

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

struct SoftmaxShared {
  BlockReduce<B>::Storage<MaxSum> max_sum;
  BlockReduce<B>::Storage<uint32_t> flag;
};

SAMPLING_KERNEL(B)
softmax(const float* logits, float* probs, int* valid, const float* temperature_arr, float temperature, int batch,
        int vocab) {
  __shared__ SoftmaxShared shared;
  const int row = static_cast<int>(blockIdx.x);
  if (row >= batch || vocab < 1) return;
  float* out_row = output_row(probs, row, vocab);
  const float t = row_param(temperature_arr, temperature, row);
  if (!temperature_in_range(t)) {
    fill_invalid_row<B>(out_row, valid, row, vocab, 0.0f);
    return;
  }
  const RowView view(logits, row, vocab);
  MaxSum acc{-INFINITY, 0.0f};
  uint32_t bad = 0u;
  // Grouped loads (row_tiles.h): each thread still folds its items in index order, bit for bit
  // the order of a plain tile loop.
  for (int base = 0; base < vocab; base += group_span<B>()) {
    TileGroup g;
    view.load_group<B>(base, g, -INFINITY);
#pragma unroll
    for (int u = 0; u < kTilesInFlight; ++u) {
      const float(&x)[kItems] = g.v[u];
      const int first = g.first[u];
#pragma unroll
      for (int j = 0; j < kItems; ++j) {
        if (first + j >= vocab) continue;
        const float y = sampling_fdiv_rn(x[j], t);
        if (y != y || y == INFINITY) {
          bad = 1u;
          continue;
        }
        if (y == -INFINITY) continue;
        if (y > acc.max) {
          acc.sum = acc.sum * expf(acc.max - y) + 1.0f;
          acc.max = y;
        } else {
          acc.sum += expf(y - acc.max);
        }
      }
    }
  }
  const MaxSum row_acc = BlockReduce<B>::reduce(acc, OpMaxSum(), MaxSum{-INFINITY, 0.0f}, shared.max_sum);
  const uint32_t any_bad = BlockReduce<B>::reduce(bad, OpOrU32(), 0u, shared.flag);
  if (any_bad != 0u || row_acc.max == -INFINITY) {
    fill_invalid_row<B>(out_row, valid, row, vocab, 0.0f);
    return;
  }
  for (int base = 0; base < vocab; base += group_span<B>()) {
    TileGroup g;
    view.load_group<B>(base, g, -INFINITY);
#pragma unroll
    for (int u = 0; u < kTilesInFlight; ++u) {
      float(&x)[kItems] = g.v[u];
#pragma unroll
      for (int j = 0; j < kItems; ++j)
        x[j] = sampling_fdiv_rn(expf(sampling_fdiv_rn(x[j], t) - row_acc.max), row_acc.sum);
      store_items(out_row, g.first[u], vocab, x);
    }
  }
  if (threadIdx.x == 0) valid[row] = 1;
}
