// abi_rows.h: what the samplers know about a probability row. Weights are compared as fp32 bit
// patterns (sign cleared) and summed as 32-bit fixed point, q = floor(w * 2^32): integer sums are
// exact and order-free, so a token depends only on the row, the parameters and the uniform.
#pragma once

#include "abi_block.h"

namespace abi {

// For fp32 w in [0, 1] the product is a power-of-two scaling (exact) and the conversion truncates:
// the floor.
ABI_DEVICE uint64_t fixed_point(float w) { return static_cast<uint64_t>(w * 4294967296.0f); }

// False for NaN.
ABI_DEVICE bool in_unit_interval(float w) { return w >= 0.0f && w <= 1.0f; }

// Order-preserving key of a non-negative weight (-0 folds onto +0).
ABI_DEVICE uint32_t key_of(float w) { return __float_as_uint(w) & 0x7fffffffu; }

struct RowStats {
  bool valid;      // every entry in [0, 1] and T > 0
  uint64_t total;  // T = sum of q
};

// One pass over the row. A row with an entry outside [0, 1] (NaN, inf, negative, above 1) or no
// fixed-point mass cannot be sampled; the caller writes token 0 for it (the declared in-range
// policy: any token in [0, vocab), never a crash).
ABI_DEVICE RowStats row_stats(const float* row, int vocab, BlockScratch<uint64_t>& s) {
  uint64_t total = 0;
  uint64_t bad = 0;
  for (int i = tid(); i < vocab; i += nthreads()) {
    const float w = row[i];
    if (in_unit_interval(w)) {
      total += fixed_point(w);
    } else {
      bad = 1;
    }
  }
  bad = block_reduce(bad, OpOrU64(), s);
  total = block_reduce(total, OpAddU64(), s);
  RowStats r;
  r.valid = bad == 0 && total > 0;
  r.total = total;
  return r;
}

}  // namespace abi
