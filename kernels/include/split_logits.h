// split_logits.h: sampling from logits with a row split over several blocks. The weights
// w = expf(x / T - max) need the row's max before any part can sum them, so the parts meet at
// two row barriers (row_sync.h: ticket order, parts co-resident by the manifest's cap):
//   round 1: each part reads its logits once into shared memory: validity, max of x / T;
//   round 2: each part's sum of q(w) from its shared copy (same expressions as LogitSource);
//   then the part holding ceil(u * M) searches its shared copy. Sums are exact integers, so the
//   token does not depend on the number of parts.
#pragma once

#include "split_sampling.h"

namespace sampling {

constexpr int kLogitBlock = 256;
constexpr int kLogitMinBlocks = 3;

template <int BLOCK>
struct LogitScratch {
  typename BlockScan<BLOCK>::template Storage<uint64_t> scan64;
  typename BlockScan<BLOCK>::template Storage<uint32_t> scan32;
  typename BlockReduce<BLOCK>::template Storage<uint64_t> red64;
  typename BlockReduce<BLOCK>::template Storage<uint32_t> red32;
  typename BlockReduce<BLOCK>::template Storage<float> redf;
  uint32_t ticket;
  uint32_t token;
  int hit_part;
  uint64_t hit_carry;
};

template <int BLOCK>
SAMPLING_HOST_DEVICE constexpr int logit_scratch_bytes() {
  return static_cast<int>((sizeof(LogitScratch<BLOCK>) + 15) / 16 * 16);
}
template <int BLOCK>
SAMPLING_HOST_DEVICE constexpr int logit_capacity() {
  return (kSplitSharedBytes - logit_scratch_bytes<BLOCK>()) / 16 * 4;
}

// expf(x / T - max), exactly the expression of LogitSource (weight_source.h).
struct LogitWeight {
  float temperature;
  float max_scaled;
  SAMPLING_DEVICE float operator()(float x) const { return expf(sampling_fdiv_rn(x, temperature) - max_scaled); }
};

template <int BLOCK, class E>
SAMPLING_DEVICE void split_sample_logits(const SplitSampleArgs<E>& a, const float* temperature_arr, float temperature) {
  LogitScratch<BLOCK>& sh = *reinterpret_cast<LogitScratch<BLOCK>*>(sampling_dynamic_shared);
  float* buffer = reinterpret_cast<float*>(reinterpret_cast<char*>(sampling_dynamic_shared) + logit_scratch_bytes<BLOCK>());
  SplitPart part = take_part<BLOCK>(a.workspace, a.batch, a.vocab, sh.ticket);
  if (part.row < 0) return;
  part.src = a.rows.source(part.row);
  const float t = row_param(temperature_arr, temperature, part.row);
  // decided alike by every part of the row, before any barrier: none of them waits
  if (part.src < 0 || !temperature_in_range(t) || a.vocab < 1 || a.vocab > kMaxVocab) {
    if (part.part == 0) write_invalid(a, part.row);
    return;
  }
  const StreamRow row = stream_row(a.workspace, part);
  const ChunkOf<E> c = make_chunk<E>(a.input, part, a.vocab, buffer, logit_capacity<BLOCK>(), -INFINITY);
  uint32_t bad = 0u;
  float mx = -INFINITY;
  stream_chunk<BLOCK>(c, 0, c.units(), [&](int u, const float4& v) {
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      if (4 * u + j >= c.count) continue;
      const float y = sampling_fdiv_rn(unit_item(v, j), t);
      bad |= (y != y || y == INFINITY) ? 1u : 0u;
      mx = y > mx ? y : mx;
    }
  });
  bad = BlockReduce<BLOCK>::reduce(bad, OpOrU32(), 0u, sh.red32);
  mx = BlockReduce<BLOCK>::reduce(mx, OpMaxF32(), -INFINITY, sh.redf);
  if (threadIdx.x == 0) {
    row.parts[part.part].bad = bad;
    row.parts[part.part].max = mx;
  }
  row_barrier(&row.header->arrive[0], part.parts);
  const int p = static_cast<int>(threadIdx.x);
  const uint32_t any_bad =
      BlockReduce<BLOCK>::reduce(p < part.parts ? sampling_load_coherent(&row.parts[p].bad) : 0u, OpOrU32(), 0u, sh.red32);
  const float row_max = BlockReduce<BLOCK>::reduce(p < part.parts ? sampling_load_coherent_f32(&row.parts[p].max) : -INFINITY,
                                                   OpMaxF32(), -INFINITY, sh.redf);
  if (any_bad != 0u || !(row_max > -INFINITY)) {
    if (part.part == 0) write_invalid(a, part.row);
    return;
  }
  const LogitWeight weight{t, row_max};
  uint64_t m = 0u;
  visit_chunk<BLOCK>(c, [&](int u, const float4& v) {
#pragma unroll
    for (int j = 0; j < 4; ++j)
      if (4 * u + j < c.count) m += fixed_point_mass(weight(unit_item(v, j)));
  });
  m = BlockReduce<BLOCK>::reduce(m, OpSumU64(), uint64_t{0}, sh.red64);
  if (threadIdx.x == 0) row.parts[part.part].mass = m;
  row_barrier(&row.header->arrive[1], part.parts);
  const uint64_t mine = p < part.parts ? sampling_load_coherent(&row.parts[p].mass) : 0u;
  const ScanResult<uint64_t> s = BlockScan<BLOCK>::scan(mine, OpSumU64(), uint64_t{0}, sh.scan64);
  const uint64_t target = s.total > 0u ? sample_target(philox_row_uniform(a.seed, a.offset, static_cast<uint64_t>(part.row)), s.total) : 0u;
  if (threadIdx.x == 0) sh.hit_part = -1;
  sampling_syncthreads();
  if (p < part.parts && s.total > 0u && s.exclusive < target && target <= s.exclusive + mine) {
    sh.hit_part = p;
    sh.hit_carry = s.exclusive;
  }
  sampling_syncthreads();
  const int hit = sh.hit_part;
  if (hit < 0) {
    if (part.part == 0) write_invalid(a, part.row);
    return;
  }
  if (hit != part.part) return;
  const int tok = search_part<BLOCK>(c, ThresholdPredicate<TiePolicy::kTiesKept>::everything(), weight, sh.hit_carry, 0u, target,
                                     sh.token, sh.scan32, sh.scan64);
  write_sample(a.token, a.valid, part.row, tok >= 0 ? part.begin + tok : 0, tok >= 0 && part.begin + tok < a.vocab);
}

}  // namespace sampling
