// tps_block.h: block-wide primitives over a compile-time block size, through shared memory in a fixed
// combination order (deterministic doubles on any wave size).
#pragma once

#include "tps_common.h"

namespace tps {

template <int BLOCK>
struct BlockStorage {
  double values[BLOCK];
};

template <int BLOCK>
struct BlockOps {
  static_assert((BLOCK & (BLOCK - 1)) == 0, "BLOCK must be a power of two");

  // Sum over the block as a fixed tree; every thread receives it.
  static TPS_INLINE double sum(double v, BlockStorage<BLOCK>& s) {
    const int t = static_cast<int>(threadIdx.x);
    s.values[t] = v;
    __syncthreads();
    for (int stride = BLOCK / 2; stride > 0; stride /= 2) {
      if (t < stride) s.values[t] += s.values[t + stride];
      __syncthreads();
    }
    const double r = s.values[0];
    __syncthreads();
    return r;
  }

  // Exclusive prefix sum in thread order (Hillis-Steele); `total` receives the block sum.
  static TPS_INLINE double exclusive_sum(double v, double& total, BlockStorage<BLOCK>& s) {
    const int t = static_cast<int>(threadIdx.x);
    double x = v;
    s.values[t] = x;
    __syncthreads();
    for (int d = 1; d < BLOCK; d *= 2) {
      if (t >= d) x = s.values[t - d] + x;
      __syncthreads();
      s.values[t] = x;
      __syncthreads();
    }
    const double excl = t == 0 ? 0.0 : s.values[t - 1];
    total = s.values[BLOCK - 1];
    __syncthreads();
    return excl;
  }

  // Smallest (or, with `largest`, largest) candidate index over the block; -1 candidates are ignored.
  static TPS_INLINE int64_t pick(int64_t candidate, bool largest, BlockStorage<BLOCK>& s) {
    const int t = static_cast<int>(threadIdx.x);
    s.values[t] = static_cast<double>(candidate);  // indices < 2^31: exact in a double
    __syncthreads();
    for (int stride = BLOCK / 2; stride > 0; stride /= 2) {
      if (t < stride) {
        const double a = s.values[t];
        const double b = s.values[t + stride];
        if (a < 0.0 || (b >= 0.0 && (largest ? b > a : b < a))) s.values[t] = b;
      }
      __syncthreads();
    }
    const int64_t r = static_cast<int64_t>(s.values[0]);
    __syncthreads();
    return r;
  }
};

}  // namespace tps
