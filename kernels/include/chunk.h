// chunk.h: the entries of one part of a split row (row_sync.h). When they fit, the first pass
// copies them to shared memory, so the row is read from global memory exactly once and every
// later pass (candidate gather, eligible mass, the search) runs on-chip. A part too large for
// shared memory (only for vocabularies far above LLM sizes, where the manifest caps the number
// of parts) is re-read from global memory by each pass instead; the results are the same.
//
// Entries are handled in units of 4 (one float4 once widened): unit u holds the part's entries
// 4u .. 4u + 3. Loads are one vector per unit when the row is aligned to a unit and vocab % 4 == 0
// (every part then starts aligned: part_chunk() is a multiple of 4), clamped scalar loads
// otherwise; entries past the part's end read `pad`. 16-bit parts that start 16-byte aligned
// stream two units per load.
#pragma once

#include "elements.h"
#include "row_sync.h"

namespace sampling {

// The split kernels' dynamic shared memory: their scratch, then the part's shared copy.
extern __shared__ float4 sampling_dynamic_shared[];

// Units each thread has in flight while streaming a part from global memory (the default;
// a kernel with registers to spare asks for more).
constexpr int kUnitsInFlight = 4;

// A part of a row of E elements (elements.h); every load widens to fp32, and the shared copy holds
// the widened fp32 values, so the passes after the first read are the same for every element type.
template <class E>
struct ChunkOf {
  typedef E Elem;
  typedef typename E::Storage Storage;
  // 16-bit rows stream 8 entries (two units) per 16-byte load.
  static constexpr bool kPairLoads = E::kBytes == 2;
  const Storage* src;  // the part's first entry (global memory)
  float* smem;         // its shared copy, or nullptr when the part does not fit
  int count;           // entries
  bool vectorized;     // every unit is one aligned vector load
  bool pairs;          // (16-bit) the part also starts 16-byte aligned: two units per load
  float pad;

  SAMPLING_DEVICE int units() const { return (count + 3) / 4; }

  // Branch-free global load of unit u (u < units()).
  SAMPLING_DEVICE float4 global_unit(int u) const {
    const int first = 4 * u;
    if (vectorized) return load_unit<E>(src + first);
    float v[4];
#pragma unroll
    for (int j = 0; j < 4; ++j) v[j] = E::widen(src[first + j < count ? first + j : count - 1]);
#pragma unroll
    for (int j = 0; j < 4; ++j) v[j] = first + j < count ? v[j] : pad;
    return make_float4(v[0], v[1], v[2], v[3]);
  }

  SAMPLING_DEVICE float4 unit(int u) const {
    return smem != nullptr ? reinterpret_cast<const float4*>(smem)[u] : global_unit(u);
  }
};

typedef ChunkOf<ElemF32> Chunk;

// The part of input row `p.src` this block owns, from rows of E elements (fp32 by default).
// `capacity`: entries the shared chunk buffer holds.
template <class E = ElemF32>
SAMPLING_DEVICE ChunkOf<E> make_chunk(const typename E::Storage* base, const SplitPart& p, int vocab, float* buffer, int capacity,
                                      float pad) {
  ChunkOf<E> c;
  const typename E::Storage* row = base + static_cast<size_t>(p.src) * static_cast<size_t>(vocab);
  c.src = row + p.begin;
  c.count = p.count;
  c.smem = p.chunk <= capacity ? buffer : nullptr;
  // every part starts at a multiple of 4 entries (part_chunk), so an aligned row has aligned units
  c.vectorized = (vocab % 4 == 0) && ((reinterpret_cast<uintptr_t>(row) & static_cast<uintptr_t>(4 * E::kBytes - 1)) == 0);
  c.pairs = c.vectorized && (reinterpret_cast<uintptr_t>(c.src) & 15u) == 0;
  c.pad = pad;
  return c;
}

SAMPLING_DEVICE float unit_item(const float4& v, int j) { return j == 0 ? v.x : (j == 1 ? v.y : (j == 2 ? v.z : v.w)); }

// First pass: streams the part from global memory (IN_FLIGHT loads in flight per thread, all
// issued before any is used), calls visit(u, value) for every unit and stores the value to shared
// memory when the chunk is resident (a visit taking float4& may transform it first). Units are
// spread over threads: u = tid + k * BLOCK (fp32), or pairs of units (2p, 2p + 1) with
// p = tid + k * BLOCK for a 16-bit part that starts 16-byte aligned (first_unit even).
template <int BLOCK, int IN_FLIGHT = kUnitsInFlight, class C, class Visit>
SAMPLING_DEVICE void stream_chunk(const C& c, int first_unit, int end_unit, Visit&& visit) {
  const int tid = static_cast<int>(threadIdx.x);
  const auto emit = [&](int u, float4 v) {
    visit(u, v);
    if (c.smem != nullptr) reinterpret_cast<float4*>(c.smem)[u] = v;
  };
  if constexpr (C::kPairLoads) {
    if (c.pairs && (first_unit & 1) == 0) {  // block-uniform
      const int n_pairs = (end_unit - first_unit) / 2;
      for (int base = 0; base < n_pairs; base += BLOCK * IN_FLIGHT) {
        uint4 raw[IN_FLIGHT];
#pragma unroll
        for (int k = 0; k < IN_FLIGHT; ++k) {
          const int pr = base + k * BLOCK + tid;
          raw[k] = load_raw_pair(c.src + 4 * (first_unit + 2 * (pr < n_pairs ? pr : 0)));
        }
#pragma unroll
        for (int k = 0; k < IN_FLIGHT; ++k) {
          const int pr = base + k * BLOCK + tid;
          if (pr >= n_pairs) continue;
          const int u = first_unit + 2 * pr;
          emit(u, widen_half_of<typename C::Elem>(raw[k].x, raw[k].y));
          emit(u + 1, widen_half_of<typename C::Elem>(raw[k].z, raw[k].w));
        }
      }
      // an odd unit count leaves one unit: one thread loads it on its own
      if (first_unit + 2 * n_pairs < end_unit && tid == 0) emit(end_unit - 1, c.global_unit(end_unit - 1));
      return;
    }
  }
  for (int base = first_unit; base < end_unit; base += BLOCK * IN_FLIGHT) {
    float4 v[IN_FLIGHT];
#pragma unroll
    for (int k = 0; k < IN_FLIGHT; ++k) {
      const int u = base + k * BLOCK + tid;
      v[k] = c.global_unit(u < end_unit ? u : first_unit);
    }
#pragma unroll
    for (int k = 0; k < IN_FLIGHT; ++k) {
      const int u = base + k * BLOCK + tid;
      if (u >= end_unit) continue;
      emit(u, v[k]);
    }
  }
}

// A later pass over every unit (shared copy, or streamed again from global memory).
template <int BLOCK, class C, class Visit>
SAMPLING_DEVICE void visit_chunk(const C& c, Visit&& visit) {
  const int n = c.units();
  if (c.smem == nullptr) {
    stream_chunk<BLOCK>(c, 0, n, visit);
    return;
  }
  for (int u = static_cast<int>(threadIdx.x); u < n; u += BLOCK) visit(u, c.unit(u));
}

// Where a part's output goes (row-transform kernels): unit u of the part, entries past the
// part's end not written.
struct OutChunk {
  float* dst;
  int count;
  bool vectorized;
  SAMPLING_DEVICE void store(int u, const float4& v) const {
    const int first = 4 * u;
    if (vectorized && first + 4 <= count) {
      *reinterpret_cast<float4*>(dst + first) = v;
      return;
    }
#pragma unroll
    for (int j = 0; j < 4; ++j)
      if (first + j < count) dst[first + j] = unit_item(v, j);
  }
};

SAMPLING_DEVICE OutChunk make_out_chunk(float* base, const SplitPart& p, int vocab) {
  float* row = base + static_cast<size_t>(p.row) * static_cast<size_t>(vocab);
  OutChunk o;
  o.dst = row + p.begin;
  o.count = p.count;
  o.vectorized = (vocab % 4 == 0) && ((reinterpret_cast<uintptr_t>(row) & 15u) == 0);
  return o;
}

template <int BLOCK>
SAMPLING_DEVICE void fill_out_chunk(const OutChunk& o, float value) {
  const float4 v = make_float4(value, value, value, value);
  for (int u = static_cast<int>(threadIdx.x); u < (o.count + 3) / 4; u += BLOCK) o.store(u, v);
}

// The contiguous units [first, end) thread `tid` owns in index-order passes (scans, the search).
struct Segment {
  int first;
  int end;
};

template <int BLOCK, class C>
SAMPLING_DEVICE Segment thread_segment(const C& c) {
  const int n = c.units();
  // An odd number of units per thread: float4 reads at that stride hit distinct shared banks.
  const int per = ((n + BLOCK - 1) / BLOCK) | 1;
  const int first = static_cast<int>(threadIdx.x) * per;
  Segment s;
  s.first = first < n ? first : n;
  s.end = first + per < n ? first + per : n;
  return s;
}

}  // namespace sampling
