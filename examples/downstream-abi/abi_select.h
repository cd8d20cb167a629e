// abi_select.h: the filter boundary without sorting and without a pivot loop. A radix select over
// the 31-bit keys, most significant digit first, in exactly 4 passes (8 + 8 + 8 + 7 bits): each
// pass histograms the keys that match the digits decided so far (integer counts and fixed-point
// masses, shared-memory atomics: order-free), and the block finds the bucket in which the
// cumulative count (top-k) or mass (top-p) counted from the largest key reaches the target.
// After the last pass the boundary key is exact. Termination: 4 passes, always.
#pragma once

#include "abi_rows.h"

namespace abi {

enum class Goal { kCount, kMass };

constexpr int kBuckets = 256;
constexpr int kPasses = 4;
// Digit `pass` covers key bits [shift, shift + bits): 30..23, 22..15, 14..7, 6..0.
ABI_DEVICE int digit_bits(int pass) { return pass < kPasses - 1 ? 8 : 7; }
ABI_DEVICE int digit_shift(int pass) { return pass < kPasses - 1 ? 23 - 8 * pass : 0; }

struct WeightMass {
  uint64_t weight;  // in the goal's unit: entries (top-k) or fixed-point mass (top-p)
  uint64_t mass;    // fixed-point mass
};

struct OpAddWeightMass {
  ABI_DEVICE WeightMass operator()(WeightMass a, WeightMass b) const {
    WeightMass r;
    r.weight = a.weight + b.weight;
    r.mass = a.mass + b.mass;
    return r;
  }
};

struct SelectShared {
  uint64_t mass[kBuckets];
  uint32_t count[kBuckets];
  BlockScratch<WeightMass> scan;
  int hit_bucket;
  uint64_t hit_weight_above;
  uint64_t hit_mass_above;
};

// The eligible set of a filter: every weight whose key is >= `key` (ties kept), of total mass `mass`.
struct Boundary {
  bool found;
  uint32_t key;
  uint64_t mass;
};

ABI_DEVICE Boundary keep_all(uint64_t total) {
  Boundary b;
  b.found = true;
  b.key = 0u;
  b.mass = total;
  return b;
}

// Histogram of one digit over the keys whose higher digits equal `prefix`.
template <Goal G>
ABI_DEVICE void histogram(const float* row, int vocab, int pass, uint32_t prefix, SelectShared& s) {
  for (int b = tid(); b < kBuckets; b += nthreads()) {
    s.mass[b] = 0;
    s.count[b] = 0;
  }
  if (tid() == 0) s.hit_bucket = -1;
  __syncthreads();
  const int shift = digit_shift(pass);
  const uint32_t digit_mask = (1u << digit_bits(pass)) - 1u;
  const int decided = shift + digit_bits(pass);  // bits from here up were decided by earlier passes
  for (int i = tid(); i < vocab; i += nthreads()) {
    const float w = row[i];
    const uint32_t key = key_of(w);
    if ((key >> decided) != prefix) continue;
    const uint32_t b = (key >> shift) & digit_mask;
    atomic_add_u64(&s.mass[b], fixed_point(w));
    if (G == Goal::kCount) atomic_add_u32(&s.count[b], 1u);
  }
  __syncthreads();
}

// Finds the bucket where the weight counted from the largest bucket down first reaches `target`.
// Thread t owns a contiguous run of buckets (descending); a block scan of the runs' sums says which
// single thread holds the crossing, and that thread walks its run (a few buckets, never the row).
template <Goal G>
ABI_DEVICE void find_bucket(uint64_t weight_above, uint64_t mass_above, uint64_t target, SelectShared& s) {
  const int per = (kBuckets + nthreads() - 1) / nthreads();
  const int hi = kBuckets - 1 - tid() * per;
  const int lo = hi - per + 1 > 0 ? hi - per + 1 : 0;
  WeightMass run = {0, 0};
  for (int b = hi; b >= lo; --b) {
    run.weight += G == Goal::kCount ? s.count[b] : s.mass[b];
    run.mass += s.mass[b];
  }
  const WeightMass zero = {0, 0};
  const Scan<WeightMass> sc = block_scan(run, OpAddWeightMass(), zero, s.scan);
  uint64_t w = weight_above + sc.exclusive.weight;
  uint64_t m = mass_above + sc.exclusive.mass;
  if (w < target && w + run.weight >= target) {
    for (int b = hi; b >= lo; --b) {
      const uint64_t bw = G == Goal::kCount ? s.count[b] : s.mass[b];
      if (w + bw >= target) {
        s.hit_bucket = b;
        s.hit_weight_above = w;
        s.hit_mass_above = m;
        break;
      }
      w += bw;
      m += s.mass[b];
    }
  }
  __syncthreads();
}

// The largest key v such that the weight of all keys >= v reaches `target` (the k-th largest value
// for a count, the nucleus boundary for a mass), and the mass of all keys >= v. `found` is false
// only when the whole row weighs less than `target`, which the callers rule out.
template <Goal G>
ABI_DEVICE Boundary radix_select(const float* row, int vocab, uint64_t target, SelectShared& s) {
  uint32_t prefix = 0;
  uint64_t weight_above = 0;
  uint64_t mass_above = 0;
  uint64_t mass_at = 0;
  Boundary r;
  r.found = true;
  for (int pass = 0; pass < kPasses; ++pass) {
    histogram<G>(row, vocab, pass, prefix, s);
    find_bucket<G>(weight_above, mass_above, target, s);
    const int bucket = s.hit_bucket;
    if (bucket < 0) {
      r.found = false;
    } else {
      weight_above = s.hit_weight_above;
      mass_above = s.hit_mass_above;
      mass_at = s.mass[bucket];
      prefix = (prefix << digit_bits(pass)) | static_cast<uint32_t>(bucket);
    }
    __syncthreads();  // everyone has read the result before the next pass clears it
    if (!r.found) break;  // block-uniform
  }
  r.key = prefix;
  r.mass = mass_above + mass_at;
  return r;
}

}  // namespace abi
