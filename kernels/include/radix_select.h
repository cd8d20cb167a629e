// radix_select.h: sorting-free boundary selection over 32-bit order-preserving keys.
// Exactly kPasses = 4 digit passes of 8 bits, most significant first. Each pass reads the row
// once, builds a shared histogram of counts and of uint64 fixed-point masses for the keys that
// still match the decided prefix (integer atomics: order-independent, deterministic), then one
// block scan over the 256 buckets from the top finds the bucket holding the boundary. The number
// of rounds is a constant: termination never depends on float rounding or on the data.
#pragma once

#include "block_scan.h"
#include "row_tiles.h"

namespace sampling {

enum class RadixGoal {
  kCount,  // the boundary is the `need`-th largest key (1-based rank)
  kMass,   // the boundary is the largest key whose mass from the top reaches `need`
};

struct RadixSelection {
  uint32_t key;      // boundary key
  uint32_t cnt_gt;   // entries with a key strictly greater
  uint32_t cnt_eq;   // entries equal to the boundary key
  uint64_t mass_gt;  // mass strictly above the boundary
  uint64_t mass_eq;  // mass of the entries equal to the boundary
  bool ok;           // false only if `need` exceeded what the row holds (caller's contract broken)
};

template <int BLOCK>
struct RadixSelect {
  static constexpr int kDigitBits = 8;
  static constexpr int kBuckets = 1 << kDigitBits;
  static constexpr int kPasses = 32 / kDigitBits;
  static_assert(BLOCK >= kBuckets, "one thread per bucket in the bucket scan");

  struct Storage {
    uint32_t count[kBuckets];
    uint64_t mass[kBuckets];
    typename BlockScan<BLOCK>::template Storage<uint32_t> scan_count;
    typename BlockScan<BLOCK>::template Storage<uint64_t> scan_mass;
    int bucket;
    uint32_t count_above;
    uint64_t mass_above;
    uint32_t count_eq;
    uint64_t mass_eq;
  };

  template <class Src, class Keys>
  static SAMPLING_DEVICE RadixSelection select(const Src& src, const Keys& keys, RadixGoal goal, uint64_t need,
                                               Storage& s) {
    const int tid = static_cast<int>(threadIdx.x);
    const int vocab = src.view.vocab;
    RadixSelection r = {0u, 0u, 0u, 0u, 0u, true};
    uint32_t prefix = 0u;
    for (int pass = 0; pass < kPasses; ++pass) {
      const int shift = 32 - kDigitBits * (pass + 1);
      for (int b = tid; b < kBuckets; b += BLOCK) {
        s.count[b] = 0u;
        s.mass[b] = 0u;
      }
      if (tid == 0) s.bucket = -1;
      sampling_syncthreads();
      for (int tile = 0; tile < vocab; tile += tile_span<BLOCK>()) {
        float v[kItems];
        const int first = src.template load<BLOCK>(tile, v);
#pragma unroll
        for (int j = 0; j < kItems; ++j) {
          if (first + j >= vocab) continue;
          const uint32_t k = keys.key(v[j]);
          const bool matches = pass == 0 || (k >> (shift + kDigitBits)) == (prefix >> (shift + kDigitBits));
          if (!matches) continue;
          const int b = static_cast<int>((k >> shift) & (kBuckets - 1));
          sampling_atomic_add_u32(&s.count[b], 1u);
          const uint64_t q = keys.mass(v[j]);
          if (q != 0u) sampling_atomic_add_u64(&s.mass[b], q);
        }
      }
      sampling_syncthreads();
      // Thread t holds bucket 255 - t, so an inclusive scan accumulates from the largest keys.
      const int b = kBuckets - 1 - tid;
      const uint32_t c = tid < kBuckets ? s.count[b] : 0u;
      const uint64_t m = tid < kBuckets ? s.mass[b] : 0u;
      const ScanResult<uint32_t> sc = BlockScan<BLOCK>::scan(c, OpAdd<uint32_t>(), 0u, s.scan_count);
      const ScanResult<uint64_t> sm = BlockScan<BLOCK>::scan(m, OpAdd<uint64_t>(), uint64_t{0}, s.scan_mass);
      const uint64_t remaining = goal == RadixGoal::kCount ? need - r.cnt_gt : need - r.mass_gt;
      const uint64_t incl = goal == RadixGoal::kCount ? uint64_t{sc.inclusive} : sm.inclusive;
      const uint64_t excl = goal == RadixGoal::kCount ? uint64_t{sc.exclusive} : sm.exclusive;
      // Cumulative sums are non-decreasing, so exactly one bucket crosses `remaining`.
      if (tid < kBuckets && incl >= remaining && excl < remaining) {
        s.bucket = b;
        s.count_above = sc.exclusive;
        s.mass_above = sm.exclusive;
        s.count_eq = c;
        s.mass_eq = m;
      }
      sampling_syncthreads();
      const int chosen = s.bucket;
      if (chosen < 0) {
        r.ok = false;
        sampling_syncthreads();
        break;
      }
      prefix |= static_cast<uint32_t>(chosen) << shift;
      r.cnt_gt += s.count_above;
      r.mass_gt += s.mass_above;
      r.cnt_eq = s.count_eq;
      r.mass_eq = s.mass_eq;
      sampling_syncthreads();  // everyone has read the shared result before the next pass clears it
    }
    r.key = prefix;
    return r;
  }

 private:
  template <typename T>
  struct OpAdd {
    SAMPLING_DEVICE T operator()(T a, T b) const { return a + b; }
  };
};

}  // namespace sampling
