// temperature.hip: out = logits / T, one correctly rounded fp32 division per entry (bit-exact
// against the reference; NaN and inf pass through as IEEE division leaves them). valid = the scaled
// row is a valid logit row. T per row (nullable) or scalar; T <= 0 or non-finite -> all -inf, valid 0.
#include "include/row_output.h"
#include "include/param_ranges.h"
#include "include/row_stats.h"

using namespace sampling;

constexpr int B = 512;

SAMPLING_KERNEL(B)
temperature_scale(const float* logits, float* out, int* valid, const float* temperature_arr, float temperature,
                  int batch, int vocab) {
  __shared__ RowStatsStorage<B> shared;
  const int row = static_cast<int>(blockIdx.x);
  if (row >= batch || vocab < 1) return;
  float* out_row = output_row(out, row, vocab);
  const float t = row_param(temperature_arr, temperature, row);
  if (!temperature_in_range(t)) {
    fill_invalid_row<B>(out_row, valid, row, vocab, -INFINITY);
    return;
  }
  const RowView view(logits, row, vocab);
  const bool row_valid = logit_row_stats<B>(view, t, shared).valid;
  for (int base = 0; base < vocab; base += group_span<B>()) {
    TileGroup g;
    view.load_group<B>(base, g, 0.0f);
#pragma unroll
    for (int u = 0; u < kTilesInFlight; ++u) {
      float(&x)[kItems] = g.v[u];
#pragma unroll
      for (int j = 0; j < kItems; ++j) x[j] = sampling_fdiv_rn(x[j], t);
      store_items(out_row, g.first[u], vocab, x);
    }
  }
  if (threadIdx.x == 0) valid[row] = row_valid ? 1 : 0;
}
