// row_output.h: writing a row of results (renorm, mask, softmax, prefix sum, temperature).
#pragma once

#include "row_tiles.h"

namespace sampling {

SAMPLING_DEVICE float* output_row(float* base, int row, int vocab) {
  return base + static_cast<size_t>(row) * static_cast<size_t>(vocab);
}

// Stores this thread's items of a tile (bounds-checked: the tail of an odd vocab).
SAMPLING_DEVICE void store_items(float* out_row, int first, int vocab, const float (&v)[kItems]) {
#pragma unroll
  for (int j = 0; j < kItems; ++j)
    if (first + j < vocab) out_row[first + j] = v[j];
}

// Fills a row with one value and flags it invalid (docs/design.md: invalid rows are all 0 for
// probability outputs; logit outputs use -inf, which is itself an invalid logit row).
template <int BLOCK>
SAMPLING_DEVICE void fill_invalid_row(float* out_row, int* valid, int row, int vocab, float value) {
  for (int i = static_cast<int>(threadIdx.x); i < vocab; i += BLOCK) out_row[i] = value;
  if (threadIdx.x == 0) valid[row] = 0;
}

}  // namespace sampling
