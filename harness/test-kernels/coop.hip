// The cooperative launch test's kernel: a grid-wide barrier, which completes only when every block is resident at
// once (what a cooperative launch guarantees) and which the runtimes refuse outside a cooperative launch.
#include "test_compat.h"
#if defined(__HIP_PLATFORM_AMD__) || defined(__HIPCC__) && !defined(__CUDACC__)
#include <hip/hip_cooperative_groups.h>
#else
#include <cooperative_groups.h>
#endif

namespace cg = cooperative_groups;

// Each block adds one to *arrived, waits at the grid barrier, then records the count it sees: gridDim.x in every
// block when the barrier held. valid[0] says whether the runtime saw a cooperative launch (grid_group::is_valid).
TK_KERNEL void grid_sync_count(int* arrived, int* seen, int* valid) {
  cg::grid_group grid = cg::this_grid();
  if (blockIdx.x == 0 && threadIdx.x == 0) valid[0] = grid.is_valid() ? 1 : 0;
  if (!grid.is_valid()) return;
  if (threadIdx.x == 0) atomicAdd(arrived, 1);
  grid.sync();
  if (threadIdx.x == 0) seen[blockIdx.x] = atomicAdd(arrived, 0);
}
