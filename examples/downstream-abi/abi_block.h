// abi_block.h: block-wide reduce and scan for a block size known only at run time (1..256).
// Shared-memory trees in a fixed combination order: float results are the same on every run and
// every vendor (no shuffles, hence no wave size), integer results are exact.
#pragma once

#include "abi_compat.h"

namespace abi {

template <typename T>
struct BlockScratch {
  T v[kMaxBlock];
};

template <typename T>
struct Scan {
  T exclusive;  // op over threads [0, tid)
  T inclusive;  // op over threads [0, tid]
  T total;      // op over the whole block
};

// Every thread calls it; every thread receives op over all threads, combined as a fixed tree:
// at stride s, thread t < s folds in thread t + s (when that thread exists).
template <typename T, typename Op>
ABI_DEVICE T block_reduce(T v, Op op, BlockScratch<T>& s) {
  const int t = tid();
  const int n = nthreads();
  s.v[t] = v;
  __syncthreads();
  for (int stride = kMaxBlock / 2; stride > 0; stride /= 2) {
    if (t < stride && t + stride < n) s.v[t] = op(s.v[t], s.v[t + stride]);
    __syncthreads();
  }
  const T r = s.v[0];
  __syncthreads();  // the scratch may be reused right after
  return r;
}

// Inclusive Hillis-Steele scan in index order (op(left, right), left = lower threads), with the
// exclusive value (identity for thread 0) and the block total.
template <typename T, typename Op>
ABI_DEVICE Scan<T> block_scan(T v, Op op, T identity, BlockScratch<T>& s) {
  const int t = tid();
  const int n = nthreads();
  T x = v;
  s.v[t] = x;
  __syncthreads();
  for (int d = 1; d < n; d *= 2) {
    if (t >= d) x = op(s.v[t - d], x);
    __syncthreads();
    s.v[t] = x;
    __syncthreads();
  }
  Scan<T> r;
  r.inclusive = x;
  r.exclusive = t == 0 ? identity : s.v[t - 1];
  r.total = s.v[n - 1];
  __syncthreads();
  return r;
}

struct OpAddU64 {
  ABI_DEVICE uint64_t operator()(uint64_t a, uint64_t b) const { return a + b; }
};
struct OpOrU64 {
  ABI_DEVICE uint64_t operator()(uint64_t a, uint64_t b) const { return a | b; }
};
struct OpMinI64 {
  ABI_DEVICE int64_t operator()(int64_t a, int64_t b) const { return a < b ? a : b; }
};
struct OpAddF32 {
  ABI_DEVICE float operator()(float a, float b) const { return fadd_rn(a, b); }
};
// Max that never hides a NaN: a NaN on either side wins, so an invalid row stays visibly invalid.
struct OpMaxF32 {
  ABI_DEVICE float operator()(float a, float b) const { return (a != a || a > b) ? a : b; }
};

}  // namespace abi
