// softmax.hip: probabilities = softmax(logits), row by row, with the downstream engine's ABI.
//
// One block per row, block = min(256, vocab_size). One online (max, sum) pass: each thread keeps
// the running max of its entries and the sum of exp(x - max), rescaled when the max grows; the
// block combines the pairs in a fixed tree (deterministic). Then one write pass
// exp(x - max) / sum. A row with a NaN or +inf logit, or with every logit -inf, has no softmax: its
// probabilities are all 0 (any sampler then treats the row as unsampleable).
#include "abi_block.h"

using namespace abi;

namespace {

struct MaxSum {
  float max;
  float sum;  // sum of expf(x - max) over the entries seen
};

// Folds b into a in a fixed order (the tree of block_reduce fixes which is which).
struct OpMaxSum {
  ABI_DEVICE MaxSum operator()(MaxSum a, MaxSum b) const {
    if (b.max == -INFINITY) return a;
    if (a.max == -INFINITY) return b;
    MaxSum r;
    r.max = a.max > b.max ? a.max : b.max;
    r.sum = a.sum * expf(a.max - r.max) + b.sum * expf(b.max - r.max);
    return r;
  }
};

struct SoftmaxShared {
  BlockScratch<MaxSum> max_sum;
  BlockScratch<uint64_t> flag;
};

}  // namespace

extern "C" __global__ void softmax_kernel(const float* logits, float* probabilities, const int batch_size,
                                          const int vocab_size) {
  __shared__ SoftmaxShared s;
  const int row = static_cast<int>(blockIdx.x);
  if (row >= batch_size || vocab_size < 1) return;
  const float* x = row_of(logits, row, vocab_size);
  float* out = row_of(probabilities, row, vocab_size);
  MaxSum acc = {-INFINITY, 0.0f};
  uint64_t bad = 0;
  for (int i = tid(); i < vocab_size; i += nthreads()) {
    const float v = x[i];
    if (v != v || v == INFINITY) {
      bad = 1;
    } else if (v > acc.max) {
      acc.sum = acc.sum * expf(acc.max - v) + 1.0f;  // the first finite entry: 0 * exp(-inf) + 1
      acc.max = v;
    } else if (v != -INFINITY) {
      acc.sum += expf(v - acc.max);
    }
  }
  const MaxSum total = block_reduce(acc, OpMaxSum(), s.max_sum);
  const bool valid = block_reduce(bad, OpOrU64(), s.flag) == 0 && total.max != -INFINITY;
  for (int i = tid(); i < vocab_size; i += nthreads()) out[i] = valid ? expf(x[i] - total.max) / total.sum : 0.0f;
}
