// philox.h: Philox4x32-10 with rocRAND's engine semantics and rocRAND's fp32 uniform conversion.
// One implementation for both vendors (no curand/rocrand headers), host-callable so a host
// known-answer test runs the very same code. docs/design.md "Randomness" is the contract;
// src/rng/ holds the TypeScript twin, which must agree bit for bit.
#pragma once

#include "gpu_compat.h"

namespace sampling {

struct Philox4 {
  uint32_t w[4];
};

struct PhiloxKey {
  uint32_t k[2];
};

constexpr uint32_t kPhiloxM0 = 0xD2511F53u;
constexpr uint32_t kPhiloxM1 = 0xCD9E8D57u;
constexpr uint32_t kPhiloxW0 = 0x9E3779B9u;  // key schedule increments (golden ratio, sqrt(3)-1)
constexpr uint32_t kPhiloxW1 = 0xBB67AE85u;

SAMPLING_HOST_DEVICE Philox4 philox_round(Philox4 c, PhiloxKey key) {
  const uint64_t p0 = static_cast<uint64_t>(kPhiloxM0) * c.w[0];
  const uint64_t p1 = static_cast<uint64_t>(kPhiloxM1) * c.w[2];
  const uint32_t hi0 = static_cast<uint32_t>(p0 >> 32), lo0 = static_cast<uint32_t>(p0);
  const uint32_t hi1 = static_cast<uint32_t>(p1 >> 32), lo1 = static_cast<uint32_t>(p1);
  Philox4 r;
  r.w[0] = hi1 ^ c.w[1] ^ key.k[0];
  r.w[1] = lo1;
  r.w[2] = hi0 ^ c.w[3] ^ key.k[1];
  r.w[3] = lo0;
  return r;
}

// Ten rounds with nine key bumps between them.
SAMPLING_HOST_DEVICE Philox4 philox4x32_10(Philox4 counter, PhiloxKey key) {
  for (int round = 0; round < 9; ++round) {
    counter = philox_round(counter, key);
    key.k[0] += kPhiloxW0;
    key.k[1] += kPhiloxW1;
  }
  return philox_round(counter, key);
}

// 128-bit counter += n (n < 2^64), full carry propagation.
SAMPLING_HOST_DEVICE Philox4 philox_counter_add(Philox4 c, uint64_t n) {
  const uint64_t lo = (static_cast<uint64_t>(c.w[1]) << 32) | c.w[0];
  const uint64_t sum = lo + n;
  const uint32_t carry = sum < lo ? 1u : 0u;
  c.w[0] = static_cast<uint32_t>(sum);
  c.w[1] = static_cast<uint32_t>(sum >> 32);
  const uint64_t hi = ((static_cast<uint64_t>(c.w[3]) << 32) | c.w[2]) + carry;
  c.w[2] = static_cast<uint32_t>(hi);
  c.w[3] = static_cast<uint32_t>(hi >> 32);
  return c;
}

// The first 32-bit output of rocRAND's philox4x32_10 engine constructed with
// (seed, subsequence, offset): key = (lo32 seed, hi32 seed); counter = 0; subsequence added to
// counter words (z, w); offset / 4 counter increments; output word offset % 4.
SAMPLING_HOST_DEVICE uint32_t philox_first_output(uint64_t seed, uint64_t subsequence, uint64_t offset) {
  PhiloxKey key;
  key.k[0] = static_cast<uint32_t>(seed);
  key.k[1] = static_cast<uint32_t>(seed >> 32);
  Philox4 counter;
  counter.w[0] = 0u;
  counter.w[1] = 0u;
  counter.w[2] = static_cast<uint32_t>(subsequence);
  counter.w[3] = static_cast<uint32_t>(subsequence >> 32);
  counter = philox_counter_add(counter, offset / 4u);
  const Philox4 out = philox4x32_10(counter, key);
  return out.w[offset % 4u];
}

// rocRAND's uniform float: 2^-32 + float(v) * 2^-32, in (0, 1]. Scaling by a power of two is
// exact, so an FMA contraction could not change the result; the sum is one fp32 rounding.
SAMPLING_HOST_DEVICE float philox_uniform_from_bits(uint32_t v) {
  const float two_pow_m32 = 2.3283064365386963e-10f;  // exactly 2^-32
  const float scaled = static_cast<float>(v) * two_pow_m32;
  return two_pow_m32 + scaled;
}

// The one uniform a sampling kernel consumes for a row: subsequence = row.
SAMPLING_HOST_DEVICE float philox_row_uniform(uint64_t seed, uint64_t offset, uint64_t row) {
  return philox_uniform_from_bits(philox_first_output(seed, row, offset));
}

}  // namespace sampling
