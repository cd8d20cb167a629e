// radix_select.h: sorting-free boundary selection over order-preserving keys.
// Exactly kPasses = 3 digit passes, most significant first: an 11-bit first digit (for a weight:
// the 8 exponent bits and 3 mantissa bits, so the few binades an LLM row lives in spread over
// many buckets instead of piling same-address atomics onto a handful), then two digits splitting
// the remaining Keys::kBits - 11 bits. Each pass reads the row once (loads kept in flight, see
// row_tiles.h) and builds a shared histogram of counts and of uint64 fixed-point masses for the
// keys that still match the decided prefix (integer atomics: order-independent, deterministic;
// passes 2 and 3 touch only the elements of the chosen bucket). One block scan over the buckets,
// from the top, finds the bucket where the cumulative count (top-k) or mass (top-p) reaches the
// target. The number of rounds is a constant: termination never depends on rounding or the data.
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
  static constexpr int kFirstDigitBits = 11;
  static constexpr int kMaxBuckets = 1 << kFirstDigitBits;
  static constexpr int kPasses = 3;
  static_assert(kMaxBuckets % BLOCK == 0, "buckets are split evenly over the threads in the bucket scan");
  static constexpr int kBucketsPerThread = kMaxBuckets / BLOCK;
  // The third pass reads a shared list of the keys in the second pass's prefix instead of the
  // row whenever that bucket holds at most kListCapacity keys (most LLM rows: the boundary of a
  // small top-k or of a nucleus dominated by a few tokens lies in a sparse bucket).
  static constexpr int kListCapacity = 2048;

  struct Storage {
    uint32_t count[kMaxBuckets];
    uint64_t mass[kMaxBuckets];
    typename BlockScan<BLOCK>::template Storage<uint32_t> scan_count;
    typename BlockScan<BLOCK>::template Storage<uint64_t> scan_mass;
    uint32_t list[kListCapacity];  // keys, appended in any order: only their multiset is used
    uint32_t list_size;
    uint32_t first_ready;  // 1: the first digit's histogram was built by the validation pass
    int bucket;
    uint32_t count_above;
    uint64_t mass_above;
    uint32_t count_eq;
    uint64_t mass_eq;
  };

  // Digit widths: 11, then the remaining bits split in two (31 -> 11+10+10, 32 -> 11+11+10).
  static SAMPLING_DEVICE constexpr int digit_bits(int key_bits, int pass) {
    return pass == 0 ? kFirstDigitBits
                     : (pass == 1 ? (key_bits - kFirstDigitBits + 1) / 2 : (key_bits - kFirstDigitBits) / 2);
  }

  // The validation pass may build the first digit's histogram while it reads the row (one pass
  // fewer): begin_first_digit before it (then a barrier), add_first_digit per entry, and
  // end_first_digit before its last barrier. The next select consumes it; every kernel that
  // selects must call begin_first_digit or forget_first_digit before its first barrier.
  static SAMPLING_DEVICE void begin_first_digit(Storage& s) {
    for (int b = static_cast<int>(threadIdx.x); b < kMaxBuckets; b += BLOCK) {
      s.count[b] = 0u;
      s.mass[b] = 0u;
    }
    forget_first_digit(s);
  }
  static SAMPLING_DEVICE void forget_first_digit(Storage& s) {
    if (threadIdx.x == 0) s.first_ready = 0u;
  }
  template <class Keys>
  static SAMPLING_DEVICE void add_first_digit(Storage& s, const Keys& keys, float v) {
    const int shift = Keys::kBits - kFirstDigitBits;
    const uint32_t k = keys.key(v);
    const int b = static_cast<int>((k >> shift) & static_cast<uint32_t>(kMaxBuckets - 1));
    sampling_atomic_add_u32(&s.count[b], 1u);
    const uint64_t q = keys.mass(v);
    if (q != 0u) sampling_atomic_add_u64(&s.mass[b], q);
  }
  static SAMPLING_DEVICE void end_first_digit(Storage& s) {
    if (threadIdx.x == 0) s.first_ready = 1u;
  }

  template <class Src, class Keys>
  static SAMPLING_DEVICE RadixSelection select(const Src& src, const Keys& keys, RadixGoal goal, uint64_t need,
                                               Storage& s) {
    const int tid = static_cast<int>(threadIdx.x);
    const int vocab = src.view.vocab;
    RadixSelection r = {0u, 0u, 0u, 0u, 0u, true};
    uint32_t prefix = 0u;
    int shift = Keys::kBits;
    bool from_list = false;  // block-uniform: this pass reads the shared key list, not the row
    uint32_t list_size = 0u;
    const bool first_ready = s.first_ready != 0u;  // block-uniform (written before a barrier)
    for (int pass = 0; pass < kPasses; ++pass) {
      const int bits = digit_bits(Keys::kBits, pass);
      const int decided = shift;  // bits >= decided are fixed by the earlier digits
      shift -= bits;
      const int buckets = 1 << bits;
      // Collect in the second pass the keys matching the first digit (exactly r.cnt_eq of them).
      const bool collect = pass == 1 && r.cnt_eq <= static_cast<uint32_t>(kListCapacity);
      const bool prebuilt = pass == 0 && first_ready;
      if (!prebuilt) {
        for (int b = tid; b < kMaxBuckets; b += BLOCK) {
          s.count[b] = 0u;
          s.mass[b] = 0u;
        }
      }
      if (tid == 0) {
        s.bucket = -1;
        if (collect) s.list_size = 0u;
      }
      sampling_syncthreads();
      const auto count_key = [&](uint32_t k, uint64_t q) {
        const int b = static_cast<int>((k >> shift) & static_cast<uint32_t>(buckets - 1));
        sampling_atomic_add_u32(&s.count[b], 1u);
        if (q != 0u) sampling_atomic_add_u64(&s.mass[b], q);
      };
      if (prebuilt) {
        // The histogram is already there.
      } else if (from_list) {
        for (uint32_t i = static_cast<uint32_t>(tid); i < list_size; i += BLOCK) {
          const uint32_t k = s.list[i];
          if ((k >> decided) == (prefix >> decided)) count_key(k, keys.mass_of_key(k));
        }
      } else {
        for (int base = 0; base < vocab; base += group_span<BLOCK>()) {
          TileGroup g;
          src.template load_group<BLOCK>(base, g);
#pragma unroll
          for (int u = 0; u < kTilesInFlight; ++u) {
#pragma unroll
            for (int j = 0; j < kItems; ++j) {
              if (g.first[u] + j >= vocab) continue;
              const uint32_t k = keys.key(g.v[u][j]);
              const bool matches = decided >= 32 || (k >> decided) == (prefix >> decided);
              if (!matches) continue;
              count_key(k, keys.mass(g.v[u][j]));
              if (collect) s.list[sampling_atomic_inc_u32(&s.list_size)] = k;
            }
          }
        }
      }
      sampling_syncthreads();
      // Consumed (every thread read it before the barrier above): a second selection builds its own.
      if (tid == 0 && pass == 0) s.first_ready = 0u;
      if (collect) {
        from_list = true;
        list_size = s.list_size;
      }
      // Thread t holds the buckets at descending positions kBucketsPerThread*t + i (bucket
      // buckets-1-position), so the scan accumulates from the largest keys.
      uint32_t c[kBucketsPerThread];
      uint64_t m[kBucketsPerThread];
      uint32_t c_local = 0u;
      uint64_t m_local = 0u;
#pragma unroll
      for (int i = 0; i < kBucketsPerThread; ++i) {
        const int pos = kBucketsPerThread * tid + i;
        c[i] = pos < buckets ? s.count[buckets - 1 - pos] : 0u;
        m[i] = pos < buckets ? s.mass[buckets - 1 - pos] : 0u;
        c_local += c[i];
        m_local += m[i];
      }
      const ScanResult<uint32_t> sc = BlockScan<BLOCK>::scan(c_local, OpAdd<uint32_t>(), 0u, s.scan_count);
      const ScanResult<uint64_t> sm = BlockScan<BLOCK>::scan(m_local, OpAdd<uint64_t>(), uint64_t{0}, s.scan_mass);
      const uint64_t remaining = goal == RadixGoal::kCount ? need - r.cnt_gt : need - r.mass_gt;
      uint32_t c_excl = sc.exclusive;
      uint64_t m_excl = sm.exclusive;
#pragma unroll
      for (int i = 0; i < kBucketsPerThread; ++i) {
        const uint64_t excl = goal == RadixGoal::kCount ? uint64_t{c_excl} : m_excl;
        const uint64_t incl = goal == RadixGoal::kCount ? uint64_t{c_excl + c[i]} : m_excl + m[i];
        // Cumulative sums are non-decreasing, so exactly one bucket crosses `remaining`.
        if (incl >= remaining && excl < remaining) {
          s.bucket = buckets - 1 - (kBucketsPerThread * tid + i);
          s.count_above = c_excl;
          s.mass_above = m_excl;
          s.count_eq = c[i];
          s.mass_eq = m[i];
        }
        c_excl += c[i];
        m_excl += m[i];
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
