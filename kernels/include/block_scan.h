// block_scan.h: deterministic block-wide scan (inclusive + exclusive + total), generic over the
// wave size. Kogge-Stone inside a wave, then wave 0 scans the per-wave totals. The combination
// order is fixed, so float scans are reproducible; integer scans are exact.
#pragma once

#include "gpu_compat.h"

namespace sampling {

template <typename T>
struct ScanResult {
  T exclusive;  // op over threads [0, tid)
  T inclusive;  // op over threads [0, tid]
  T total;      // op over the whole block
};

template <int BLOCK>
struct BlockScan {
  static_assert(BLOCK % SAMPLING_WAVE_SIZE == 0, "BLOCK must be a multiple of the wave size");
  static constexpr int kWaves = BLOCK / SAMPLING_WAVE_SIZE;
  static_assert(kWaves <= SAMPLING_WAVE_SIZE, "per-wave totals must fit in one wave");

  template <typename T>
  struct Storage {
    T wave_total[kWaves];
    T wave_prefix[kWaves];
    T total;
  };

  template <typename T, typename Op>
  static SAMPLING_DEVICE T wave_inclusive(T v, Op op) {
    const int lane = sampling_lane();
    for (int d = 1; d < SAMPLING_WAVE_SIZE; d *= 2) {
      const T up = sampling_shfl_up(v, d);
      if (lane >= d) v = op(up, v);
    }
    return v;
  }

  // Every thread of the block must call it.
  template <typename T, typename Op>
  static SAMPLING_DEVICE ScanResult<T> scan(T v, Op op, T identity, Storage<T>& s) {
    const int lane = sampling_lane();
    const int wave = sampling_warp();
    const T incl_wave = wave_inclusive(v, op);
    T excl_wave = sampling_shfl_up(incl_wave, 1);
    if (lane == 0) excl_wave = identity;
    if (lane == SAMPLING_WAVE_SIZE - 1) s.wave_total[wave] = incl_wave;
    sampling_syncthreads();
    if (wave == 0) {
      const T t = lane < kWaves ? s.wave_total[lane] : identity;
      const T incl_t = wave_inclusive(t, op);
      T excl_t = sampling_shfl_up(incl_t, 1);
      if (lane == 0) excl_t = identity;
      if (lane < kWaves) s.wave_prefix[lane] = excl_t;
      if (lane == kWaves - 1) s.total = incl_t;
    }
    sampling_syncthreads();
    ScanResult<T> r;
    const T base = s.wave_prefix[wave];
    r.exclusive = wave == 0 ? excl_wave : (lane == 0 ? base : op(base, excl_wave));
    r.inclusive = wave == 0 ? incl_wave : op(base, incl_wave);
    r.total = s.total;
    sampling_syncthreads();  // storage may be reused right after
    return r;
  }
};

}  // namespace sampling
