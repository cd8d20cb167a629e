// prefix_sum.hip: inclusive prefix sum of fp32 rows, deterministic and MONOTONE BY CONSTRUCTION.
//
// Per tile: each thread sums its kItems sequentially, a fixed-tree block scan gives tile-local
// inclusive sums t_i >= 0, and s_i = fl(carry + t_i) where carry is exactly the last OUTPUT of the
// previous tile. Then out_i = max(s_tile_start .. s_i), an exact running max (block max-scan).
// Why monotone: inside a tile the running max never decreases; across tiles every s_i =
// fl(carry + t_i) >= fl(carry) = carry because t_i >= 0 and rounding is monotone, and carry is
// the previous tile's last output. The max only changes a value where reassociation rounded
// down, so it moves results by at most the scan's own rounding error.
// Rows with a NaN, an infinity or a negative entry: plain scan (IEEE propagation), valid 0.
#include "include/block_reduce.h"
#include "include/block_scan.h"
#include "include/row_output.h"

using namespace sampling;

constexpr int B = 512;

namespace {
struct OpMaxScan {
  SAMPLING_DEVICE float operator()(float a, float b) const { return a > b ? a : b; }
};

struct PrefixShared {
  BlockReduce<B>::Storage<uint32_t> flag;
  BlockScan<B>::Storage<float> sum_scan;
  BlockScan<B>::Storage<float> max_scan;
  float last_output;
};
}  // namespace

SAMPLING_KERNEL(B)
inclusive_prefix_sum(const float* in, float* out, int* valid, int batch, int vocab) {
  __shared__ PrefixShared shared;
  const int row = static_cast<int>(blockIdx.x);
  if (row >= batch || vocab < 1) return;
  float* out_row = output_row(out, row, vocab);
  const RowView view(in, row, vocab);
  uint32_t bad = 0u;
  for (int base = 0; base < vocab; base += group_span<B>()) {
    TileGroup g;
    view.load_group<B>(base, g, 0.0f);
#pragma unroll
    for (int u = 0; u < kTilesInFlight; ++u)
#pragma unroll
      for (int j = 0; j < kItems; ++j)
        if (g.first[u] + j < vocab) bad |= (g.v[u][j] >= 0.0f && g.v[u][j] < INFINITY) ? 0u : 1u;
  }
  // A row with NaN, an infinity or a negative entry is still summed (IEEE propagation, as the reference
  // does) but flagged invalid; only valid rows get the running max that makes them monotone.
  const bool monotone = BlockReduce<B>::reduce(bad, OpOrU32(), 0u, shared.flag) == 0u;
  float carry = 0.0f;
  // Grouped loads (row_tiles.h); the tiles of a group are still scanned one after another.
  for (int base = 0; base < vocab; base += group_span<B>()) {
    TileGroup g;
    view.load_group<B>(base, g, 0.0f);
#pragma unroll
    for (int u = 0; u < kTilesInFlight; ++u) {
      const int tile = g.tile[u];
      if (tile >= vocab) break;  // block-uniform
      const float(&x)[kItems] = g.v[u];
      const int first = g.first[u];
      float local[kItems];
      float run = 0.0f;
#pragma unroll
      for (int j = 0; j < kItems; ++j) {
        run = sampling_fadd_rn(run, x[j]);
        local[j] = run;
      }
      const ScanResult<float> sums = BlockScan<B>::scan(run, OpSumF32(), 0.0f, shared.sum_scan);
#pragma unroll
      for (int j = 0; j < kItems; ++j) local[j] = sampling_fadd_rn(carry, sampling_fadd_rn(sums.exclusive, local[j]));
      float maxes_total = carry;
      if (monotone) {
        float running_max = carry;
#pragma unroll
        for (int j = 0; j < kItems; ++j) {
          running_max = local[j] > running_max ? local[j] : running_max;
          local[j] = running_max;
        }
        const ScanResult<float> maxes = BlockScan<B>::scan(running_max, OpMaxScan(), carry, shared.max_scan);
#pragma unroll
        for (int j = 0; j < kItems; ++j) local[j] = maxes.exclusive > local[j] ? maxes.exclusive : local[j];
        maxes_total = maxes.total;
      }
      store_items(out_row, first, vocab, local);
      // The next tile's carry is exactly this tile's last output. On a monotone row that is the
      // tile's maximum, which the max-scan already broadcast (max is exact): no extra barrier.
      if (monotone) {
        carry = maxes_total;
        continue;
      }
      const int last = (vocab < tile + tile_span<B>() ? vocab : tile + tile_span<B>()) - 1;
      if (last >= first && last < first + kItems) shared.last_output = local[last - first];
      sampling_syncthreads();
      carry = shared.last_output;
      sampling_syncthreads();
    }
  }
  if (threadIdx.x == 0) valid[row] = monotone ? 1 : 0;
}
