// chunk.h: the entries of one part of a split row (row_sync.h). When they fit, the first pass
// copies them to shared memory, so the row is read from global memory exactly once and every
// later pass (candidate gather, eligible mass, the search) runs on-chip. A part too large for
// shared memory (only for vocabularies far above LLM sizes, where the manifest caps the number
// of parts) is re-read from global memory by each pass instead; the results are the same.
//
// Entries are handled in units of 4 (one float4): unit u holds the part's entries 4u .. 4u + 3.
// Loads are float4 when the row is 16-byte aligned and vocab % 4 == 0 (every part then starts
// aligned: part_chunk() is a multiple of 4), clamped scalar loads otherwise; entries past the
// part's end read `pad`.
#pragma once

#include "row_sync.h"

namespace sampling {

// The split kernels' dynamic shared memory: their scratch, then the part's shared copy.
extern __shared__ float4 sampling_dynamic_shared[];

// Units each thread has in flight while streaming a part from global memory (the default;
// a kernel with registers to spare asks for more).
constexpr int kUnitsInFlight = 4;

struct Chunk {
  const float* src;  // the part's first entry (global memory)
  float* smem;       // its shared copy, or nullptr when the part does not fit
  int count;         // entries
  bool vectorized;
  float pad;

  SAMPLING_DEVICE int units() const { return (count + 3) / 4; }

  // Branch-free global load of unit u (u < units()).
  SAMPLING_DEVICE float4 global_unit(int u) const {
    const int first = 4 * u;
    if (vectorized) return *reinterpret_cast<const float4*>(src + first);
    float v[4];
#pragma unroll
    for (int j = 0; j < 4; ++j) v[j] = src[first + j < count ? first + j : count - 1];
#pragma unroll
    for (int j = 0; j < 4; ++j) v[j] = first + j < count ? v[j] : pad;
    return make_float4(v[0], v[1], v[2], v[3]);
  }

  SAMPLING_DEVICE float4 unit(int u) const {
    return smem != nullptr ? reinterpret_cast<const float4*>(smem)[u] : global_unit(u);
  }
};

// The part of `row` this block owns. `capacity`: entries the shared chunk buffer holds.
SAMPLING_DEVICE Chunk make_chunk(const float* base, const SplitPart& p, int vocab, float* buffer, int capacity, float pad) {
  Chunk c;
  const float* row = base + static_cast<size_t>(p.row) * static_cast<size_t>(vocab);
  c.src = row + p.begin;
  c.count = p.count;
  c.smem = p.chunk <= capacity ? buffer : nullptr;
  c.vectorized = (vocab % 4 == 0) && ((reinterpret_cast<uintptr_t>(row) & 15u) == 0);
  c.pad = pad;
  return c;
}

SAMPLING_DEVICE float unit_item(const float4& v, int j) { return j == 0 ? v.x : (j == 1 ? v.y : (j == 2 ? v.z : v.w)); }

// First pass: streams the part from global memory (kUnitsInFlight loads in flight per thread,
// all issued before any is used), calls visit(u, value) for every unit and stores the value to
// shared memory when the chunk is resident (a visit taking float4& may transform it first).
// Units are spread over threads: u = tid + k * BLOCK.
template <int BLOCK, int IN_FLIGHT = kUnitsInFlight, class Visit>
SAMPLING_DEVICE void stream_chunk(const Chunk& c, int first_unit, int end_unit, Visit&& visit) {
  const int tid = static_cast<int>(threadIdx.x);
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
      visit(u, v[k]);
      if (c.smem != nullptr) reinterpret_cast<float4*>(c.smem)[u] = v[k];
    }
  }
}

// A later pass over every unit (shared copy, or streamed again from global memory).
template <int BLOCK, class Visit>
SAMPLING_DEVICE void visit_chunk(const Chunk& c, Visit&& visit) {
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

template <int BLOCK>
SAMPLING_DEVICE Segment thread_segment(const Chunk& c) {
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
