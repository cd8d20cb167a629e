// split_sampling.h: sampling from probability rows with a row split over several blocks
// ("parts", row_sync.h), finished by the part that arrives last. No block ever waits for another.
//
//   every part: reads its part once (into shared memory): validity, T_part = sum of q, max key,
//     and for the filters that select (top-k, top-p, fused, min-p) a short list of its largest
//     entries: every entry of the first-digit buckets (8 exponent + 3 mantissa bits of the key)
//     from its top down to where its count would pass kPartListCapacity, never below the bucket
//     of 2^-32 (entries below have q = 0). It publishes its record and list, then arrives at the
//     row's counter (a device fence before the atomic).
//   the last part to arrive (the fences make every record and list visible to it) computes T and
//     validity, then the union of the lists restricted to the buckets every list covers (the
//     highest list_from): that union is exactly the row's entries of those buckets. Its
//     histogram locates the bucket each selection ends in; when they lie in it (LLM rows), the
//     candidates are its entries of those buckets, else the last part reads the row again (it
//     is in L2) for the whole histogram and the candidates. It ranks the candidates exactly and
//     composes the filter's boundary (split_select.h: the same RadixSelection and filters.h code
//     as the one-block kernels), each part's eligible mass, the carries and the part holding the
//     target; reads that part again and finds the token (smallest index with C_i >= ceil(u * M)).
//   A row whose candidate buckets hold more than kSplitListCapacity entries (flat rows, heavy
//   ties) is finished by the same last block with the one-block program (sampling_kernel_body.h).
//
// Exactness: every mass is a sum of integers q_i = floor(w_i * 2^32): totals, histograms,
// carries and the boundary are the same integers for every split, order and schedule, so the
// token is the one the one-block kernels return, for every number of parts. Termination: no
// loop waits on another block; every loop is bounded by the row length.
#pragma once

#include "chunk.h"
#include "row_indices.h"
#include "sampling_kernel_body.h"

namespace sampling {

// Threads per block and the blocks per multiprocessor they are compiled for (64 KiB of shared
// memory each; a Hopper multiprocessor holds three). The selecting samplers use larger blocks:
// the last part's ranking and scans are on the critical path of a batch-1 call; the unfiltered
// sampler streams, so more, smaller blocks keep more loads in flight.
constexpr int kSplitBlock = 512;
constexpr int kSplitMinBlocks = 2;
constexpr int kPlainBlock = 256;
constexpr int kPlainMinBlocks = 3;
// Dynamic shared memory of every split sampling launch (the manifest's launch.sharedBytes):
// 64 KiB is what a workgroup may use on the AMD targets, so one manifest serves every target.
constexpr int kSplitSharedBytes = 65536;
constexpr int kSplitHistBits = RadixSelect<kSamplingBlock>::kFirstDigitBits;
constexpr int kSplitHistBuckets = 1 << kSplitHistBits;
constexpr int kSplitHistShift = WeightKeys::kBits - kSplitHistBits;
// Candidates the last part ranks; more in the candidate buckets -> the one-block program.
constexpr int kSplitListCapacity = 1024;
// Largest entries a part lists at most (entries of whole buckets, from the top); fewer when
// there are more than kSplitListCapacity / kPartListCapacity parts (part_list_capacity).
constexpr int kPartListCapacity = 64;
// The bucket of 2^-32 (key 0x2f800000): entries below it have q = 0 and are never listed.
constexpr int kMassFloorBucket = 0x2f800000 >> kSplitHistShift;
// Units in flight per thread in a part's one read (its blocks are short-lived: deep loads hide
// the memory latency that a block would otherwise wait out alone).
constexpr int kSampleUnitsInFlight = 8;

struct BucketHit {
  int bucket;  // -1: no bucket reaches the goal
  uint32_t cnt_above;
  uint32_t cnt_in;
  uint64_t mass_above;
  uint64_t mass_in;
};

template <int BLOCK>
struct SplitScratch {
  union {
    uint32_t count[kSplitHistBuckets];  // every part: its entries per bucket (buckets >= kMassFloorBucket)
    struct {
      uint32_t key[kSplitListCapacity];  // the last part: the candidates it ranks
      uint32_t index[kSplitListCapacity];
    } list;
  } u;
  uint64_t part_mass[kMaxParts];
  uint32_t part_listed[kMaxParts];
  typename BlockScan<BLOCK>::template Storage<uint64_t> scan64;
  typename BlockScan<BLOCK>::template Storage<uint32_t> scan32;
  typename BlockReduce<BLOCK>::template Storage<uint64_t> red64;
  typename BlockReduce<BLOCK>::template Storage<uint32_t> red32;
  BucketHit hit;
  RadixSelection sel;
  uint32_t arrival;
  uint32_t n_list;
  uint32_t n_pool;
  uint32_t listed;
  int hit_part;
  uint64_t hit_carry;
};

// The last part's working set, in its (by then unused) part buffer: the union of the parts'
// lists over the covered buckets, and a histogram (of that union, or of the whole row) with q
// split in three 11-bit pieces so no 32-bit word can overflow for any row length <= 2^21.
struct RowPool {
  uint32_t key[kSplitListCapacity];
  uint32_t index[kSplitListCapacity];
  uint32_t count[kSplitHistBuckets];
  uint32_t mass[3][kSplitHistBuckets];
};

template <int BLOCK>
SAMPLING_HOST_DEVICE constexpr int split_scratch_bytes() {
  return static_cast<int>((sizeof(SplitScratch<BLOCK>) + 15) / 16 * 16);
}
// Entries of a part that fit in shared memory next to the scratch (a multiple of 4).
template <int BLOCK>
SAMPLING_HOST_DEVICE constexpr int split_capacity() {
  return (kSplitSharedBytes - split_scratch_bytes<BLOCK>()) / 16 * 4;
}
static_assert(sizeof(SamplingShared<kSplitBlock>) <= kSplitSharedBytes && sizeof(SamplingShared<kPlainBlock>) <= kSplitSharedBytes, "the one-block fallback reuses the split kernel's shared memory");
static_assert(sizeof(RowPool) <= 4u * split_capacity<kSplitBlock>(), "the last part's working set fits in its part buffer");

template <int BLOCK>
SAMPLING_DEVICE SplitScratch<BLOCK>& split_scratch() {
  return *reinterpret_cast<SplitScratch<BLOCK>*>(sampling_dynamic_shared);
}
template <int BLOCK>
SAMPLING_DEVICE float* split_buffer() {
  return reinterpret_cast<float*>(reinterpret_cast<char*>(sampling_dynamic_shared) + split_scratch_bytes<BLOCK>());
}
template <int BLOCK>
SAMPLING_DEVICE RowPool& split_pool() {
  return *reinterpret_cast<RowPool*>(split_buffer<BLOCK>());
}

// ---- the row's workspace ----

// What a part publishes before it arrives.
struct SamplePartRecord {
  uint64_t total;      // sum of q over the part
  uint32_t bad;        // an entry outside [0, 1] (or NaN)
  uint32_t max_key;    // largest key of the part
  uint32_t list_from;  // the part listed every entry of the buckets >= list_from (kSplitHistBuckets: none)
  uint32_t listed;     // entries in the part's list
  uint32_t pad[2];
};
static_assert(sizeof(SamplePartRecord) == 32, "SamplePartRecord is 32 bytes (manifest workspace formulas)");

// Row layout: RowHeader | SamplePartRecord[parts] | (kLists) list keys u32[parts][kPartListCapacity]
// | list indices (same). workspaceBytes = kWorkspaceHeaderBytes + batch * sample_row_bytes(parts):
// see manifest.json.
constexpr size_t kPartListBytes = kPartListCapacity * 2 * sizeof(uint32_t);

template <bool kLists>
SAMPLING_HOST_DEVICE constexpr size_t sample_row_bytes(int parts) {
  return sizeof(RowHeader) + (sizeof(SamplePartRecord) + (kLists ? kPartListBytes : 0u)) * static_cast<size_t>(parts);
}

struct SampleRow {
  RowHeader* header;
  SamplePartRecord* parts;
  uint32_t* list_key;    // [parts][kPartListCapacity]
  uint32_t* list_index;  // [parts][kPartListCapacity]
};

template <bool kLists>
SAMPLING_DEVICE SampleRow sample_row(uint32_t* workspace, int row, int parts) {
  char* at = reinterpret_cast<char*>(workspace) + kWorkspaceHeaderBytes + static_cast<size_t>(row) * sample_row_bytes<kLists>(parts);
  SampleRow r;
  r.header = reinterpret_cast<RowHeader*>(at);
  at += sizeof(RowHeader);
  r.parts = reinterpret_cast<SamplePartRecord*>(at);
  at += sizeof(SamplePartRecord) * static_cast<size_t>(parts);
  r.list_key = kLists ? reinterpret_cast<uint32_t*>(at) : nullptr;
  r.list_index = kLists ? reinterpret_cast<uint32_t*>(at + kPartListCapacity * sizeof(uint32_t) * static_cast<size_t>(parts)) : nullptr;
  return r;
}

// One call of a split sampler over rows of E elements (elements.h). `batch` is the number of
// output rows; `rows` names the input row each reads (row_indices.h).
template <class E>
struct SplitSampleArgs {
  const typename E::Storage* input;
  int* token;
  int* valid;
  int batch;
  int vocab;
  uint64_t seed;
  uint64_t offset;
  uint32_t* workspace;
  RowIndices rows;
};

// ---- every part ----

struct ProbabilityStats {
  uint64_t total;
  uint32_t bad;
  uint32_t max_key;
};

// Entries a part may list: the union of all lists fits the last part's pool (kSplitListCapacity).
SAMPLING_DEVICE uint32_t part_list_capacity(int parts) {
  const int share = kSplitListCapacity / (parts > 0 ? parts : 1);
  return static_cast<uint32_t>(share < kPartListCapacity ? share : kPartListCapacity);
}

// The lowest bucket b (>= kMassFloorBucket) such that the part's entries of b and of every
// higher bucket number at most `capacity` (kSplitHistBuckets if the top bucket alone holds more). Cumulative counts from the top never decrease, so the positions within capacity
// are a prefix: their number n gives kSplitHistBuckets - n.
template <int BLOCK>
SAMPLING_DEVICE int local_list_from(SplitScratch<BLOCK>& sh, uint32_t capacity) {
  constexpr int kPer = kSplitHistBuckets / BLOCK;
  static_assert(kSplitHistBuckets % BLOCK == 0, "buckets are split evenly over the threads");
  uint32_t c[kPer];
  uint32_t local = 0u;
#pragma unroll
  for (int i = 0; i < kPer; ++i) {
    c[i] = sh.u.count[kSplitHistBuckets - 1 - (kPer * static_cast<int>(threadIdx.x) + i)];
    local += c[i];
  }
  uint32_t run = BlockScan<BLOCK>::scan(local, OpSumU32(), 0u, sh.scan32).exclusive;
  uint32_t within = 0u;
#pragma unroll
  for (int i = 0; i < kPer; ++i) {
    run += c[i];
    within += run <= capacity ? 1u : 0u;
  }
  const int from = kSplitHistBuckets - static_cast<int>(BlockReduce<BLOCK>::reduce(within, OpSumU32(), 0u, sh.red32));
  return from > kMassFloorBucket ? from : kMassFloorBucket;
}

// Every part: one read of the part (kept in shared memory when it fits), its statistics and,
// with kLists, its list. Publishes its record; returns true (every thread) in the last part of
// the row to arrive, which then sees what every part published.
template <int BLOCK, bool kLists, class C>
SAMPLING_DEVICE bool publish_part(const SplitPart& part, const C& c, const SampleRow& row, SplitScratch<BLOCK>& sh) {
  uint64_t total = 0u;
  uint32_t bad = 0u;
  uint32_t max_key = 0u;
  if (kLists) {
    for (int b = static_cast<int>(threadIdx.x); b < kSplitHistBuckets; b += BLOCK) sh.u.count[b] = 0u;
    sampling_syncthreads();
  }
  stream_chunk<BLOCK, kSampleUnitsInFlight>(c, 0, c.units(), [&](int u, const float4& v) {
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      if (4 * u + j >= c.count) continue;
      const float w = unit_item(v, j);
      const bool ok = is_probability(w);
      bad |= ok ? 0u : 1u;
      total += ok ? fixed_point_mass(w) : 0u;
      const uint32_t key = weight_key(w);
      max_key = key > max_key ? key : max_key;
      const int b = static_cast<int>(key >> kSplitHistShift);
      if (kLists && b >= kMassFloorBucket) sampling_atomic_add_u32(&sh.u.count[b], 1u);
    }
  });
  int list_from = kSplitHistBuckets;
  if (kLists) {
    sampling_syncthreads();
    list_from = local_list_from<BLOCK>(sh, part_list_capacity(part.parts));  // ends with a barrier
    if (threadIdx.x == 0) sh.listed = 0u;
    sampling_syncthreads();
    uint32_t* keys = row.list_key + static_cast<size_t>(part.part) * kPartListCapacity;
    uint32_t* indices = row.list_index + static_cast<size_t>(part.part) * kPartListCapacity;
    visit_chunk<BLOCK>(c, [&](int u, const float4& v) {
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        if (4 * u + j >= c.count) continue;
        const uint32_t key = weight_key(unit_item(v, j));
        if (static_cast<int>(key >> kSplitHistShift) < list_from) continue;
        const uint32_t at = sampling_atomic_inc_u32(&sh.listed);  // < part_list_capacity() by list_from
        keys[at] = key;
        indices[at] = static_cast<uint32_t>(part.begin + 4 * u + j);
      }
    });
  }
  total = BlockReduce<BLOCK>::reduce(total, OpSumU64(), uint64_t{0}, sh.red64);
  bad = BlockReduce<BLOCK>::reduce(bad, OpOrU32(), 0u, sh.red32);
  max_key = BlockReduce<BLOCK>::reduce(max_key, OpMaxU32(), 0u, sh.red32);
  if (threadIdx.x == 0) {
    SamplePartRecord& r = row.parts[part.part];
    r.total = total;
    r.bad = bad;
    r.max_key = max_key;
    r.list_from = static_cast<uint32_t>(list_from);
    r.listed = kLists ? sh.listed : 0u;
  }
  return arrive_last(&row.header->arrive[0], part.parts, sh.arrival);
}

// ---- the last part ----

// What the last part reads of the records: the row's totals; thread p < parts also holds part
// p's total (`mine`) and its exclusive prefix (`carry`). Lists: sh.part_listed, max_list_from.
struct RowTotals {
  uint64_t total;
  uint32_t bad;
  uint32_t max_key;
  uint32_t max_list_from;  // every part listed every entry of the buckets >= this one
  uint64_t mine;
  uint64_t carry;
};

template <int BLOCK>
SAMPLING_DEVICE RowTotals read_records(const SampleRow& row, int parts, SplitScratch<BLOCK>& sh) {
  const int p = static_cast<int>(threadIdx.x);
  uint64_t t = 0u;
  uint32_t bad = 0u;
  uint32_t max_key = 0u;
  uint32_t list_from = 0u;
  if (p < parts) {
    const SamplePartRecord& r = row.parts[p];
    t = sampling_load_coherent(&r.total);
    bad = sampling_load_coherent(&r.bad);
    max_key = sampling_load_coherent(&r.max_key);
    list_from = sampling_load_coherent(&r.list_from);
    sh.part_listed[p] = sampling_load_coherent(&r.listed);
  }
  const ScanResult<uint64_t> s = BlockScan<BLOCK>::scan(t, OpSumU64(), uint64_t{0}, sh.scan64);
  RowTotals r;
  r.total = s.total;
  r.mine = t;
  r.carry = s.exclusive;
  r.bad = BlockReduce<BLOCK>::reduce(bad, OpOrU32(), 0u, sh.red32);
  r.max_key = BlockReduce<BLOCK>::reduce(max_key, OpMaxU32(), 0u, sh.red32);
  r.max_list_from = BlockReduce<BLOCK>::reduce(list_from, OpMaxU32(), 0u, sh.red32);
  return r;
}

struct ProbWeight {
  SAMPLING_DEVICE float operator()(float w) const { return w; }
};

// The smallest entry of a part whose inclusive eligible prefix carry + C_i reaches target
// (carry < target <= carry + the part's eligible mass); index relative to the part, -1 if none.
// Each thread owns a contiguous run of units: one scan for tie ranks (exact policy), one for
// masses, then the one thread whose run holds the crossing walks it.
template <int BLOCK, class Pred, class Weight, class C>
SAMPLING_DEVICE int search_part(const C& c, const Pred& pred, const Weight& weight, uint64_t carry, uint32_t tie_base,
                                uint64_t target, uint32_t& scan_slot_token, typename BlockScan<BLOCK>::template Storage<uint32_t>& scan32,
                                typename BlockScan<BLOCK>::template Storage<uint64_t>& scan64) {
  const Segment seg = thread_segment<BLOCK>(c);
  if (threadIdx.x == 0) scan_slot_token = 0xffffffffu;
  uint32_t rank = tie_base;
  if constexpr (Pred::kNeedsTieRank) {
    uint32_t ties = 0u;
    for (int u = seg.first; u < seg.end; ++u) {
      const float4 v = c.unit(u);
#pragma unroll
      for (int j = 0; j < 4; ++j)
        ties += (4 * u + j < c.count && weight_key(weight(unit_item(v, j))) == pred.key) ? 1u : 0u;
    }
    rank += BlockScan<BLOCK>::scan(ties, OpSumU32(), 0u, scan32).exclusive;
  }
  uint64_t mine = 0u;
  uint32_t r = rank;
  for (int u = seg.first; u < seg.end; ++u) {
    const float4 v = c.unit(u);
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      if (4 * u + j >= c.count) continue;
      const float w = weight(unit_item(v, j));
      const uint32_t k = weight_key(w);
      mine += pred(k, 0, r) ? fixed_point_mass(w) : 0u;
      r += k == pred.key ? 1u : 0u;
    }
  }
  const uint64_t base = carry + BlockScan<BLOCK>::scan(mine, OpSumU64(), uint64_t{0}, scan64).exclusive;
  if (base < target && target <= base + mine) {
    uint64_t run = base;
    r = rank;
    int hit = -1;
    for (int u = seg.first; u < seg.end && hit < 0; ++u) {
      const float4 v = c.unit(u);
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        if (hit >= 0 || 4 * u + j >= c.count) continue;
        const float w = weight(unit_item(v, j));
        const uint32_t k = weight_key(w);
        run += pred(k, 0, r) ? fixed_point_mass(w) : 0u;
        r += k == pred.key ? 1u : 0u;
        if (run >= target) hit = 4 * u + j;
      }
    }
    scan_slot_token = static_cast<uint32_t>(hit);
  }
  sampling_syncthreads();
  const int tok = static_cast<int>(scan_slot_token);
  sampling_syncthreads();
  return tok;
}

// Thread p < parts holds part p's eligible mass `mine` and its exclusive prefix `carry`: the
// part whose share of the row's cumulative eligible mass holds `target` (block-uniform), -1 if none.
template <int BLOCK>
SAMPLING_DEVICE int find_hit_part(uint64_t mine, uint64_t carry, int parts, uint64_t target, SplitScratch<BLOCK>& sh,
                                  uint64_t& hit_carry) {
  if (threadIdx.x == 0) sh.hit_part = -1;
  sampling_syncthreads();
  const int p = static_cast<int>(threadIdx.x);
  if (p < parts && carry < target && target <= carry + mine) {
    sh.hit_part = p;
    sh.hit_carry = carry;
  }
  sampling_syncthreads();
  const int hit = sh.hit_part;
  hit_carry = sh.hit_carry;
  sampling_syncthreads();
  return hit;
}

template <class E>
SAMPLING_DEVICE void write_invalid(const SplitSampleArgs<E>& a, int row) { write_sample(a.token, a.valid, row, 0, false); }

// The last part, once every part's eligible mass is known (thread p < parts: `mine`, `carry`;
// `mass` = M): reads the part holding the target again (into shared memory) and writes the token.
// tie_base(hit): boundary ties before part `hit` (exact policy; every thread calls it).
template <int BLOCK, class E, class Pred, class TieBase>
SAMPLING_DEVICE void finish_row(const SplitSampleArgs<E>& a, const SplitPart& part, const Pred& pred, uint64_t mine,
                                uint64_t carry, uint64_t mass, float u, const TieBase& tie_base, SplitScratch<BLOCK>& sh) {
  const uint64_t target = mass > 0u ? sample_target(u, mass) : 0u;
  uint64_t hit_carry = 0u;
  const int hit = mass > 0u ? find_hit_part<BLOCK>(mine, carry, part.parts, target, sh, hit_carry) : -1;
  if (hit < 0) {
    write_invalid(a, part.row);
    return;
  }
  const uint32_t ties_before = tie_base(hit);
  const SplitPart h = sibling_part(part, hit, a.vocab);
  const ChunkOf<E> c = make_chunk<E>(a.input, h, a.vocab, split_buffer<BLOCK>(), split_capacity<BLOCK>(), 0.0f);
  if (c.smem != nullptr) {
    stream_chunk<BLOCK>(c, 0, c.units(), [](int, const float4&) {});
    sampling_syncthreads();
  }
  const int tok = search_part<BLOCK>(c, pred, ProbWeight(), hit_carry, ties_before, target, sh.listed, sh.scan32, sh.scan64);
  write_sample(a.token, a.valid, part.row, tok >= 0 ? h.begin + tok : 0, tok >= 0 && h.begin + tok < a.vocab);
}

struct NoTieBase {
  SAMPLING_DEVICE uint32_t operator()(int) const { return 0u; }
};

// The block's part, reading the input row its output row maps to. Rows no part needs to read
// (vocab out of range, an index outside the input): part 0 writes the invalid result and no part
// arrives, which every part of the row decides alike.
template <int BLOCK, class E>
SAMPLING_DEVICE SplitPart start_sample(const SplitSampleArgs<E>& a) {
  SplitPart part = part_of_block(a.batch, a.vocab);
  if (part.row < 0) return part;
  part.src = a.rows.source(part.row);
  if (part.src < 0 || a.vocab < 1 || a.vocab > kMaxVocab) {
    if (part.part == 0) write_invalid(a, part.row);
    part.row = -1;
  }
  return part;
}

// No filter: the carries are the parts' totals.
template <int BLOCK, class E>
SAMPLING_DEVICE void split_sample_plain(const SplitSampleArgs<E>& a) {
  SplitScratch<BLOCK>& sh = split_scratch<BLOCK>();
  const SplitPart part = start_sample<BLOCK>(a);
  if (part.row < 0) return;
  const SampleRow row = sample_row<false>(a.workspace, part.row, part.parts);
  const ChunkOf<E> c = make_chunk<E>(a.input, part, a.vocab, split_buffer<BLOCK>(), split_capacity<BLOCK>(), 0.0f);
  if (!publish_part<BLOCK, false>(part, c, row, sh)) return;
  const RowTotals t = read_records<BLOCK>(row, part.parts, sh);
  if (t.bad != 0u || t.total == 0u) {
    write_invalid(a, part.row);
    return;
  }
  const float u = philox_row_uniform(a.seed, a.offset, static_cast<uint64_t>(part.row));
  finish_row<BLOCK>(a, part, ThresholdPredicate<TiePolicy::kTiesKept>::everything(), t.mine, t.carry, t.total, u,
                    NoTieBase(), sh);
}

}  // namespace sampling
