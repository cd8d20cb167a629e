// row_indices.h: which input row an output row of a sampler reads. With `indices` (int32 or int64,
// one per output row) output row i samples input row indices[i] of an input of `input_batch` rows;
// a null pointer means output row i reads input row i. Everything else stays per OUTPUT row: the
// per-row parameters, the Philox subsequence, the workspace record and the outputs
// (docs/design.md, "Indices"). Device indices cannot be checked by the host, so an index outside
// [0, input_batch) makes that output row invalid here.
#pragma once

#include "gpu_compat.h"

namespace sampling {

struct RowIndices {
  const void* indices;  // int32_t[batch] or int64_t[batch], or nullptr
  bool wide;            // int64 indices
  int input_batch;

  // The input row of output row `row`, or -1 for an index outside [0, input_batch).
  SAMPLING_DEVICE int source(int row) const {
    if (indices == nullptr) return row;
    const int64_t r = wide ? static_cast<const int64_t*>(indices)[row] : static_cast<int64_t>(static_cast<const int32_t*>(indices)[row]);
    return r >= 0 && r < static_cast<int64_t>(input_batch) ? static_cast<int>(r) : -1;
  }
};

// The ABI's index pointer types, as the manifest declares them (`i32*` / `i64*`).
SAMPLING_DEVICE RowIndices row_indices(const int* indices, int input_batch) { return RowIndices{indices, false, input_batch}; }
SAMPLING_DEVICE RowIndices row_indices(const long long* indices, int input_batch) { return RowIndices{indices, true, input_batch}; }

}  // namespace sampling
