// prefix_sum.hip: INCLUSIVE prefix sum, output[i] = input[0] + ... + input[i], row by row, with the
// downstream engine's ABI (see README.md for why inclusive). Deterministic and, for rows of finite
// non-negative entries (probabilities), non-decreasing by construction.
//
// One block per row, block = min(256, vocab_size); tiles of block * kItems entries, thread t owning
// kItems consecutive ones. Per tile: sequential sums per thread, a fixed-tree block scan of the
// thread totals, s_i = fl(carry + fl(exclusive + local_i)), carry = the previous tile's last output.
// Then the running max of s (a block max-scan, exact): inside a tile a running max never decreases,
// and across tiles s_i >= carry because every addend is >= 0 and rounding is monotone. The max only
// moves a value where reassociation rounded it down, i.e. within the scan's own rounding error.
// Rows with a NaN, an infinity or a negative entry are summed plainly (IEEE propagation).
#include "abi_block.h"

using namespace abi;

namespace {

constexpr int kItems = 4;

struct PrefixShared {
  BlockScratch<float> scan;
  BlockScratch<uint64_t> flag;
  float last_output;
};

// Every entry finite and >= 0: only then is a running max the right (and a harmless) fix-up.
ABI_DEVICE bool summable_row(const float* x, int vocab, BlockScratch<uint64_t>& s) {
  uint64_t bad = 0;
  for (int i = tid(); i < vocab; i += nthreads()) {
    const float v = x[i];
    if (!(v >= 0.0f && v < INFINITY)) bad = 1;
  }
  return block_reduce(bad, OpOrU64(), s) == 0;
}

// The outputs of one tile into `local`; returns the carry for the next tile (the tile's last output).
ABI_DEVICE float scan_tile(const float* x, int vocab, int base, float carry, bool monotone, float (&local)[kItems],
                           PrefixShared& s) {
  const int first = base + tid() * kItems;
  float run = 0.0f;
#pragma unroll
  for (int j = 0; j < kItems; ++j) {
    run = fadd_rn(run, first + j < vocab ? x[first + j] : 0.0f);
    local[j] = run;
  }
  const Scan<float> sums = block_scan(run, OpAddF32(), 0.0f, s.scan);
#pragma unroll
  for (int j = 0; j < kItems; ++j) local[j] = fadd_rn(carry, fadd_rn(sums.exclusive, local[j]));
  if (monotone) {  // block-uniform
    float running = carry;
#pragma unroll
    for (int j = 0; j < kItems; ++j) {
      running = local[j] > running ? local[j] : running;
      local[j] = running;
    }
    const Scan<float> maxes = block_scan(running, OpMaxF32(), carry, s.scan);
#pragma unroll
    for (int j = 0; j < kItems; ++j) local[j] = maxes.exclusive > local[j] ? maxes.exclusive : local[j];
    return maxes.total;  // the running max of the whole tile: its last output
  }
  const int span = nthreads() * kItems;
  const int last = (vocab < base + span ? vocab : base + span) - 1;
  if (last >= first && last < first + kItems) s.last_output = local[last - first];
  __syncthreads();
  const float next = s.last_output;
  __syncthreads();
  return next;
}

}  // namespace

extern "C" __global__ void prefix_sum_kernel(const float* input, float* output, const int batch_size,
                                             const int vocab_size) {
  __shared__ PrefixShared s;
  const int row = static_cast<int>(blockIdx.x);
  if (row >= batch_size || vocab_size < 1) return;
  const float* x = row_of(input, row, vocab_size);
  float* out = row_of(output, row, vocab_size);
  const bool monotone = summable_row(x, vocab_size, s.flag);
  float carry = 0.0f;
  for (int base = 0; base < vocab_size; base += nthreads() * kItems) {
    float local[kItems];
    carry = scan_tile(x, vocab_size, base, carry, monotone, local, s);
    const int first = base + tid() * kItems;
#pragma unroll
    for (int j = 0; j < kItems; ++j)
      if (first + j < vocab_size) out[first + j] = local[j];
  }
}
