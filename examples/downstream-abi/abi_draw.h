// abi_draw.h: the draw. Given the eligible set (keys >= boundary.key, mass M) and the caller's
// uniform u, the token is the smallest eligible index whose inclusive prefix of fixed-point masses
// C_i reaches target = ceil(u * M) (one float64 multiply; C_i >= u*M <=> C_i >= ceil(u*M) for an
// integer C_i). The prefix is exact, so it is non-decreasing by construction, and the hit has
// q > 0: a masked (zero) weight is never drawn. One read of the row at most: a tile whose
// eligible mass does not reach the target is skipped after one block scan.
#pragma once

#include "abi_select.h"

namespace abi {

constexpr int kItems = 4;  // consecutive entries per thread in a tile

struct DrawShared {
  BlockScratch<uint64_t> scan;
  BlockScratch<int64_t> hit;
};

// u outside (0, 1] (the contract's uniforms never are) is clamped rather than trusted: the target
// stays in [1, M], so a token always exists.
ABI_DEVICE uint64_t draw_target(float u, uint64_t mass) {
  if (!(u > 0.0f)) return 1;
  if (u >= 1.0f) return mass;
  const double t = ceil(static_cast<double>(u) * static_cast<double>(mass));
  return t < 1.0 ? 1 : static_cast<uint64_t>(t);
}

// Returns the sampled index, or 0 when the target was never reached (only possible if M was not the
// eligible mass of this row, which the callers rule out).
ABI_DEVICE int draw_index(const float* row, int vocab, const Boundary& b, float u, DrawShared& s) {
  const uint64_t target = draw_target(u, b.mass);
  const int span = nthreads() * kItems;
  uint64_t carry = 0;
  for (int base = 0; base < vocab; base += span) {
    const int first = base + tid() * kItems;
    uint64_t local[kItems];
    uint64_t run = 0;
#pragma unroll
    for (int j = 0; j < kItems; ++j) {
      const int i = first + j;
      if (i < vocab) {
        const float w = row[i];
        if (key_of(w) >= b.key) run += fixed_point(w);
      }
      local[j] = run;
    }
    const Scan<uint64_t> sc = block_scan(run, OpAddU64(), uint64_t{0}, s.scan);
    if (carry + sc.total < target) {  // block-uniform: the hit lies further on
      carry += sc.total;
      continue;
    }
    int64_t hit = INT64_MAX;
#pragma unroll
    for (int j = 0; j < kItems; ++j) {
      if (hit == INT64_MAX && carry + sc.exclusive + local[j] >= target) hit = first + j;
    }
    return static_cast<int>(block_reduce(hit, OpMinI64(), s.hit));
  }
  return 0;
}

}  // namespace abi
