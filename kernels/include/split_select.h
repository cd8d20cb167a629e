// split_select.h: top-k, top-p, min-p and the fused filters on a split row, in the last part
// to arrive (split_sampling.h). A histogram of keys (first digit: 8 exponent + 3 mantissa bits)
// locates the bucket each selection ends in; its entries (and those of the buckets between,
// for two selections) are the candidates, ranked exactly (count and mass strictly above each,
// ties, rank among ties by index), which answers any selection ending there with the very
// RadixSelection the one-block radix passes return; the filter composes its boundary from it
// (filters.h). The histogram and candidates come from the union of the parts' lists when the
// selections end in the buckets every list covers, else from the row, read again.
#pragma once

#include "split_sampling.h"

namespace sampling {

// The row's histogram, thread t holding the buckets at descending positions kPer*t + i
// (bucket kSplitHistBuckets - 1 - position), with exclusive sums from the top.
template <int BLOCK>
struct HistScan {
  static_assert(kSplitHistBuckets % BLOCK == 0, "buckets are split evenly over the threads");
  static constexpr int kPer = kSplitHistBuckets / BLOCK;
  uint32_t c[kPer];
  uint64_t m[kPer];
  uint32_t c_excl;
  uint64_t m_excl;

  SAMPLING_DEVICE void load(const RowPool& pool, SplitScratch<BLOCK>& sh) {
    uint32_t c_local = 0u;
    uint64_t m_local = 0u;
#pragma unroll
    for (int i = 0; i < kPer; ++i) {
      const int b = kSplitHistBuckets - 1 - (kPer * static_cast<int>(threadIdx.x) + i);
      c[i] = pool.count[b];
      m[i] = (uint64_t{pool.mass[2][b]} << 22) + (uint64_t{pool.mass[1][b]} << 11) + pool.mass[0][b];
      c_local += c[i];
      m_local += m[i];
    }
    c_excl = BlockScan<BLOCK>::scan(c_local, OpSumU32(), 0u, sh.scan32).exclusive;
    m_excl = BlockScan<BLOCK>::scan(m_local, OpSumU64(), uint64_t{0}, sh.scan64).exclusive;
  }

  // The bucket where the cumulative count / mass from the top first reaches `need` (>= 1).
  SAMPLING_DEVICE BucketHit crossing(RadixGoal goal, uint64_t need, SplitScratch<BLOCK>& sh) const {
    if (threadIdx.x == 0) sh.hit.bucket = -1;
    sampling_syncthreads();
    uint32_t ce = c_excl;
    uint64_t me = m_excl;
#pragma unroll
    for (int i = 0; i < kPer; ++i) {
      const uint64_t excl = goal == RadixGoal::kCount ? uint64_t{ce} : me;
      const uint64_t incl = excl + (goal == RadixGoal::kCount ? uint64_t{c[i]} : m[i]);
      if (excl < need && need <= incl) {
        sh.hit.bucket = kSplitHistBuckets - 1 - (kPer * static_cast<int>(threadIdx.x) + i);
        sh.hit.cnt_above = ce;
        sh.hit.cnt_in = c[i];
        sh.hit.mass_above = me;
        sh.hit.mass_in = m[i];
      }
      ce += c[i];
      me += m[i];
    }
    sampling_syncthreads();
    const BucketHit h = sh.hit;
    sampling_syncthreads();
    return h;
  }
};

// (continued) The counts and masses at and above one bucket.
template <int BLOCK>
SAMPLING_DEVICE BucketHit bucket_at(const HistScan<BLOCK>& h, int bucket, SplitScratch<BLOCK>& sh) {
  constexpr int kPer = HistScan<BLOCK>::kPer;
  uint32_t ce = h.c_excl;
  uint64_t me = h.m_excl;
#pragma unroll
  for (int i = 0; i < kPer; ++i) {
    if (kSplitHistBuckets - 1 - (kPer * static_cast<int>(threadIdx.x) + i) == bucket) {
      sh.hit.bucket = bucket;
      sh.hit.cnt_above = ce;
      sh.hit.cnt_in = h.c[i];
      sh.hit.mass_above = me;
      sh.hit.mass_in = h.m[i];
    }
    ce += h.c[i];
    me += h.m[i];
  }
  sampling_syncthreads();
  const BucketHit r = sh.hit;
  sampling_syncthreads();
  return r;
}

// The buckets to gather: from the lowest to the highest bucket any selection may end in.
struct GatherRange {
  bool any;      // false: the filter keeps the whole row (k >= vocab, p = 1)
  bool missing;  // a goal no bucket reaches (not for a valid row and valid parameters)
  BucketHit lo;
  BucketHit hi;

  SAMPLING_DEVICE void add(const BucketHit& h) {
    if (h.bucket < 0) {
      missing = true;
      return;
    }
    if (!any || h.bucket < lo.bucket) lo = h;
    if (!any || h.bucket > hi.bucket) hi = h;
    any = true;
  }
  // Entries in buckets lo..hi.
  SAMPLING_DEVICE uint32_t count() const { return lo.cnt_above + lo.cnt_in - hi.cnt_above; }
};

// Where each selection of the filter can end. Top-k then top-p: the nucleus target
// ceil(p * M_k) is at least ceil(p * A_k) (A_k: the mass above the top-k bucket, M_k >= A_k)
// and at most M_k, so its bucket lies between the top-k bucket and the bucket of that lower
// bound.
template <int BLOCK>
SAMPLING_DEVICE GatherRange plan_gather(SplitFilterKind kind, int k, float p, int vocab, uint64_t total,
                                        const HistScan<BLOCK>& h, SplitScratch<BLOCK>& sh) {
  GatherRange r;
  r.any = false;
  r.missing = false;
  r.lo = BucketHit{-1, 0u, 0u, 0u, 0u};
  r.hi = r.lo;
  const bool k_on = kind != SplitFilterKind::kTopP && k < vocab;
  const bool p_on = kind != SplitFilterKind::kTopK && p != 1.0f;
  if (kind == SplitFilterKind::kTopKFirst && k_on) {
    const BucketHit hk = h.crossing(RadixGoal::kCount, static_cast<uint64_t>(k), sh);
    r.add(hk);
    if (p_on && hk.bucket >= 0) {
      const uint64_t low = mass_target(p, hk.mass_above);
      r.add(h.crossing(RadixGoal::kMass, low > 0u ? low : 1u, sh));
    }
    return r;
  }
  if (k_on) r.add(h.crossing(RadixGoal::kCount, static_cast<uint64_t>(k), sh));
  if (p_on) r.add(h.crossing(RadixGoal::kMass, mass_target(p, total), sh));
  return r;
}

// Adds one entry to the pool's histogram (q split in 11-bit pieces: no word overflows).
SAMPLING_DEVICE void pool_add(RowPool& pool, uint32_t key) {
  const int b = static_cast<int>(key >> kSplitHistShift);
  sampling_atomic_add_u32(&pool.count[b], 1u);
  const uint64_t q = WeightKeys().mass_of_key(key);
  if (q == 0u) return;
  sampling_atomic_add_u32(&pool.mass[0][b], static_cast<uint32_t>(q & 0x7ffu));
  sampling_atomic_add_u32(&pool.mass[1][b], static_cast<uint32_t>((q >> 11) & 0x7ffu));
  sampling_atomic_add_u32(&pool.mass[2][b], static_cast<uint32_t>(q >> 22));
}

template <int BLOCK>
SAMPLING_DEVICE void clear_pool_hist(RowPool& pool) {
  for (int b = static_cast<int>(threadIdx.x); b < kSplitHistBuckets; b += BLOCK) {
    pool.count[b] = 0u;
    pool.mass[0][b] = 0u;
    pool.mass[1][b] = 0u;
    pool.mass[2][b] = 0u;
  }
}

// The union of the parts' lists over the buckets >= from (every list covers them, so these are
// all the row's entries there) into the pool, with its histogram. Returns the number of entries,
// or -1 when they do not fit.
template <int BLOCK>
SAMPLING_DEVICE int pool_from_lists(const SplitPart& part, const SampleRow& row, int from, RowPool& pool, SplitScratch<BLOCK>& sh) {
  clear_pool_hist<BLOCK>(pool);
  if (threadIdx.x == 0) sh.n_pool = 0u;
  sampling_syncthreads();
  for (int i = static_cast<int>(threadIdx.x); i < part.parts * kPartListCapacity; i += BLOCK) {
    const int p = i / kPartListCapacity;
    if (static_cast<uint32_t>(i - p * kPartListCapacity) >= sh.part_listed[p]) continue;
    const uint32_t key = sampling_load_coherent(&row.list_key[i]);
    if (static_cast<int>(key >> kSplitHistShift) < from) continue;
    const uint32_t at = sampling_atomic_inc_u32(&sh.n_pool);
    if (at >= static_cast<uint32_t>(kSplitListCapacity)) continue;
    pool.key[at] = key;
    pool.index[at] = sampling_load_coherent(&row.list_index[i]);
    pool_add(pool, key);
  }
  sampling_syncthreads();
  const uint32_t n = sh.n_pool;
  return n <= static_cast<uint32_t>(kSplitListCapacity) ? static_cast<int>(n) : -1;
}

// The histogram of the whole row (read again; it is in L2), into the pool.
template <int BLOCK, class E>
SAMPLING_DEVICE void pool_from_row(const SplitSampleArgs<E>& a, const SplitPart& part, RowPool& pool) {
  clear_pool_hist<BLOCK>(pool);
  sampling_syncthreads();
  SplitPart whole = part;
  whole.begin = 0;
  whole.count = a.vocab;
  const ChunkOf<E> c = make_chunk<E>(a.input, whole, a.vocab, nullptr, 0, 0.0f);
  stream_chunk<BLOCK>(c, 0, c.units(), [&](int u, const float4& v) {
#pragma unroll
    for (int j = 0; j < 4; ++j)
      if (4 * u + j < c.count) pool_add(pool, weight_key(unit_item(v, j)));
  });
  sampling_syncthreads();
}

// The candidates (entries of buckets lo..hi, with their index) into the shared list, and each
// part's mass above bucket hi into sh.part_mass, from the pool's entries (n_pool >= 0) or from
// the row, read again (n_pool < 0). Returns the number of candidates.
template <int BLOCK, class E>
SAMPLING_DEVICE int gather_candidates(const SplitSampleArgs<E>& a, const SplitPart& part, const RowPool& pool, int n_pool,
                                      int lo, int hi, SplitScratch<BLOCK>& sh) {
  const int tid = static_cast<int>(threadIdx.x);
  if (tid < part.parts) sh.part_mass[tid] = 0u;
  if (tid == 0) sh.n_list = 0u;
  sampling_syncthreads();
  const auto take = [&](uint32_t key, uint32_t index) {
    const uint32_t at = sampling_atomic_inc_u32(&sh.n_list);
    if (at < static_cast<uint32_t>(kSplitListCapacity)) {
      sh.u.list.key[at] = key;
      sh.u.list.index[at] = index;
    }
  };
  if (n_pool >= 0) {
    for (int i = tid; i < n_pool; i += BLOCK) {
      const uint32_t key = pool.key[i];
      const int b = static_cast<int>(key >> kSplitHistShift);
      if (b > hi) {
        sampling_atomic_add_u64(&sh.part_mass[static_cast<int>(pool.index[i]) / part.chunk], WeightKeys().mass_of_key(key));
      } else if (b >= lo) {
        take(key, pool.index[i]);
      }
    }
  } else {
    SplitPart whole = part;
    whole.begin = 0;
    whole.count = a.vocab;
    const ChunkOf<E> c = make_chunk<E>(a.input, whole, a.vocab, nullptr, 0, 0.0f);
    int acc_part = -1;
    uint64_t acc = 0u;
    stream_chunk<BLOCK>(c, 0, c.units(), [&](int u, const float4& v) {
      const int p = (4 * u) / part.chunk;  // part.chunk is a multiple of 4: a unit lies in one part
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        if (4 * u + j >= c.count) continue;
        const float w = unit_item(v, j);
        const uint32_t key = weight_key(w);
        const int b = static_cast<int>(key >> kSplitHistShift);
        if (b > hi) {
          if (p != acc_part) {
            if (acc != 0u) sampling_atomic_add_u64(&sh.part_mass[acc_part], acc);
            acc_part = p;
            acc = 0u;
          }
          acc += fixed_point_mass(w);
        } else if (b >= lo) {
          take(key, static_cast<uint32_t>(4 * u + j));
        }
      }
    });
    if (acc != 0u) sampling_atomic_add_u64(&sh.part_mass[acc_part], acc);
  }
  sampling_syncthreads();
  const uint32_t n = sh.n_list;
  return n < static_cast<uint32_t>(kSplitListCapacity) ? static_cast<int>(n) : kSplitListCapacity;
}

// Exact ranks of this thread's candidates within the list: count and mass of candidates with a
// larger key, candidates with the same key, and rank among those by index.
template <int BLOCK>
struct Candidates {
  static constexpr int kPer = kSplitListCapacity / BLOCK;
  static_assert(kSplitListCapacity % BLOCK == 0, "the list is split evenly over the threads");
  uint32_t key[kPer];
  uint32_t index[kPer];
  uint32_t gt_cnt[kPer];
  uint64_t gt_mass[kPer];
  uint32_t eq_cnt[kPer];
  uint32_t rank[kPer];
  int n;

  SAMPLING_DEVICE bool has(int i) const { return static_cast<int>(threadIdx.x) + i * BLOCK < n; }

  SAMPLING_DEVICE void rank_all(const SplitScratch<BLOCK>& sh, int count) {
    n = count;
#pragma unroll
    for (int i = 0; i < kPer; ++i) {
      const int at = static_cast<int>(threadIdx.x) + i * BLOCK;
      key[i] = at < n ? sh.u.list.key[at] : 0u;
      index[i] = at < n ? sh.u.list.index[at] : 0u;
      gt_cnt[i] = 0u;
      gt_mass[i] = 0u;
      eq_cnt[i] = 0u;
      rank[i] = 0u;
    }
    for (int j = 0; j < n; ++j) {
      const uint32_t kj = sh.u.list.key[j];
      const uint32_t ij = sh.u.list.index[j];
      const uint64_t qj = WeightKeys().mass_of_key(kj);
#pragma unroll
      for (int i = 0; i < kPer; ++i) {
        const bool gt = kj > key[i];
        const bool eq = kj == key[i];
        gt_cnt[i] += gt ? 1u : 0u;
        gt_mass[i] += gt ? qj : 0u;
        eq_cnt[i] += eq ? 1u : 0u;
        rank[i] += (eq && ij < index[i]) ? 1u : 0u;
      }
    }
  }

  // The selection of `goal` over the whole row, given the count and mass above the list.
  SAMPLING_DEVICE RadixSelection select(RadixGoal goal, uint64_t need, uint32_t cnt_above, uint64_t mass_above,
                                        SplitScratch<BLOCK>& sh) const {
    if (threadIdx.x == 0) sh.sel.ok = false;
    sampling_syncthreads();
#pragma unroll
    for (int i = 0; i < kPer; ++i) {
      if (!has(i) || rank[i] != 0u) continue;  // one writer per distinct key
      const uint64_t q = WeightKeys().mass_of_key(key[i]);
      const uint64_t excl = goal == RadixGoal::kCount ? uint64_t{cnt_above + gt_cnt[i]} : mass_above + gt_mass[i];
      const uint64_t incl = excl + (goal == RadixGoal::kCount ? uint64_t{eq_cnt[i]} : uint64_t{eq_cnt[i]} * q);
      if (excl < need && need <= incl) {
        sh.sel.key = key[i];
        sh.sel.cnt_gt = cnt_above + gt_cnt[i];
        sh.sel.cnt_eq = eq_cnt[i];
        sh.sel.mass_gt = mass_above + gt_mass[i];
        sh.sel.mass_eq = uint64_t{eq_cnt[i]} * q;
        sh.sel.ok = true;
      }
    }
    sampling_syncthreads();
    const RadixSelection r = sh.sel;
    sampling_syncthreads();
    return r;
  }
};

// A whole-row boundary ("everything": k >= vocab and p = 1 composed) keeps entries below the
// gathered buckets, which the list does not hold; its eligible masses are the parts' totals.
template <TiePolicy P>
SAMPLING_DEVICE bool keeps_everything(const ThresholdPredicate<P>& pred) {
  return pred.key == 0u && pred.take == 0xffffffffu;
}

// Each part's eligible mass once the boundary is known: its mass above the candidates (in
// sh.part_mass) plus its eligible candidates; then the last part finishes the row.
template <int BLOCK, TiePolicy P, class E>
SAMPLING_DEVICE void finish_from_candidates(const SplitSampleArgs<E>& a, const SplitPart& part, const Candidates<BLOCK>& cand,
                                            const ThresholdPredicate<P>& pred, uint64_t mass, float u, SplitScratch<BLOCK>& sh) {
#pragma unroll
  for (int i = 0; i < Candidates<BLOCK>::kPer; ++i)
    if (cand.has(i) && pred(cand.key[i], 0, cand.rank[i]))
      sampling_atomic_add_u64(&sh.part_mass[static_cast<int>(cand.index[i]) / part.chunk], WeightKeys().mass_of_key(cand.key[i]));
  sampling_syncthreads();
  const int p = static_cast<int>(threadIdx.x);
  const uint64_t mine = p < part.parts ? sh.part_mass[p] : 0u;
  const uint64_t carry = BlockScan<BLOCK>::scan(mine, OpSumU64(), uint64_t{0}, sh.scan64).exclusive;
  const auto ties_before = [&](int hit) {
    if (!ThresholdPredicate<P>::kNeedsTieRank) return 0u;
    uint32_t before = 0u;
#pragma unroll
    for (int i = 0; i < Candidates<BLOCK>::kPer; ++i)
      before += (cand.has(i) && cand.key[i] == pred.key && static_cast<int>(cand.index[i]) < hit * part.chunk) ? 1u : 0u;
    return BlockReduce<BLOCK>::reduce(before, OpSumU32(), 0u, sh.red32);
  };
  finish_row<BLOCK>(a, part, pred, mine, carry, mass, u, ties_before, sh);
}

// Whether the filter selects at all (k < vocab or p < 1): otherwise it keeps the whole row.
SAMPLING_DEVICE bool filter_selects(SplitFilterKind kind, int k, float p, int vocab) {
  return (kind != SplitFilterKind::kTopP && k < vocab) || (kind != SplitFilterKind::kTopK && p != 1.0f);
}

// Top-k, top-p and the fused filters.
template <int BLOCK, TiePolicy P, class E, class Filter>
SAMPLING_DEVICE void split_sample_radix(const SplitSampleArgs<E>& a, const Filter& filter) {
  SplitScratch<BLOCK>& sh = split_scratch<BLOCK>();
  const SplitPart part = start_sample<BLOCK>(a);
  if (part.row < 0) return;
  const SampleRow row = sample_row<true>(a.workspace, part.row, part.parts);
  const ChunkOf<E> c = make_chunk<E>(a.input, part, a.vocab, split_buffer<BLOCK>(), split_capacity<BLOCK>(), 0.0f);
  if (!publish_part<BLOCK, true>(part, c, row, sh)) return;
  const RowTotals t = read_records<BLOCK>(row, part.parts, sh);
  const SplitFilterParams fp = filter.split_params(part.row, a.vocab);
  if (t.bad != 0u || t.total == 0u || !fp.ok) {
    write_invalid(a, part.row);
    return;
  }
  const float u = philox_row_uniform(a.seed, a.offset, static_cast<uint64_t>(part.row));
  if (!filter_selects(Filter::kSplitKind, fp.k, fp.p, a.vocab)) {
    finish_row<BLOCK>(a, part, ThresholdPredicate<P>::everything(), t.mine, t.carry, t.total, u, NoTieBase(), sh);
    return;
  }
  RowPool& pool = split_pool<BLOCK>();
  HistScan<BLOCK> hist;
  GatherRange range{};
  int n_pool = t.max_list_from < static_cast<uint32_t>(kSplitHistBuckets)
                   ? pool_from_lists<BLOCK>(part, row, static_cast<int>(t.max_list_from), pool, sh)
                   : -1;
  if (n_pool >= 0) {
    hist.load(pool, sh);
    range = plan_gather<BLOCK>(Filter::kSplitKind, fp.k, fp.p, a.vocab, t.total, hist, sh);
    if (range.missing) n_pool = -1;  // a selection ends below the buckets the lists cover
  }
  if (n_pool < 0) {
    pool_from_row<BLOCK>(a, part, pool);
    hist.load(pool, sh);
    range = plan_gather<BLOCK>(Filter::kSplitKind, fp.k, fp.p, a.vocab, t.total, hist, sh);
    if (range.missing || range.count() > static_cast<uint32_t>(kSplitListCapacity)) {
      sampling_syncthreads();  // the one-block program reuses this block's shared memory
      sample_probability_row<BLOCK, P, E>(a.input, a.token, a.valid, part.row, part.src, a.vocab, a.seed, a.offset, filter,
                                       *reinterpret_cast<SamplingShared<BLOCK>*>(sampling_dynamic_shared));
      return;
    }
  }
  const int n = gather_candidates<BLOCK>(a, part, pool, n_pool, range.lo.bucket, range.hi.bucket, sh);
  Candidates<BLOCK> cand;
  cand.rank_all(sh, n);
  const uint32_t cnt_above = range.hi.cnt_above;
  const uint64_t mass_above = range.hi.mass_above;
  const auto select = [&](RadixGoal goal, uint64_t need) { return cand.select(goal, need, cnt_above, mass_above, sh); };
  const Boundary<P> b = Filter::compose(select, a.vocab, fp.k, fp.p, t.total);
  if (!b.ok) {
    write_invalid(a, part.row);
    return;
  }
  if (keeps_everything(b.pred)) {
    finish_row<BLOCK>(a, part, b.pred, t.mine, t.carry, b.mass, u, NoTieBase(), sh);
    return;
  }
  finish_from_candidates<BLOCK, P>(a, part, cand, b.pred, b.mass, u, sh);
}

// Min-p: the threshold fl(min_p * max) is known from the records; the candidates are the
// entries of its bucket, and M is the mass above that bucket plus the candidates at or above
// the threshold.
template <int BLOCK, class E>
SAMPLING_DEVICE void split_sample_min_p(const SplitSampleArgs<E>& a, const float* min_p_arr, float min_p) {
  constexpr TiePolicy Kept = TiePolicy::kTiesKept;
  SplitScratch<BLOCK>& sh = split_scratch<BLOCK>();
  const SplitPart part = start_sample<BLOCK>(a);
  if (part.row < 0) return;
  const SampleRow row = sample_row<true>(a.workspace, part.row, part.parts);
  const ChunkOf<E> c = make_chunk<E>(a.input, part, a.vocab, split_buffer<BLOCK>(), split_capacity<BLOCK>(), 0.0f);
  if (!publish_part<BLOCK, true>(part, c, row, sh)) return;
  const RowTotals t = read_records<BLOCK>(row, part.parts, sh);
  const float m = row_param(min_p_arr, min_p, part.row);
  if (t.bad != 0u || t.total == 0u || !min_p_in_range(m)) {
    write_invalid(a, part.row);
    return;
  }
  const float u = philox_row_uniform(a.seed, a.offset, static_cast<uint64_t>(part.row));
  const ThresholdPredicate<Kept> pred = boundary_min_p<Kept>(m, __uint_as_float(t.max_key), a.vocab).pred;
  if (pred.key == 0u) {  // every entry is at or above a zero threshold
    finish_row<BLOCK>(a, part, pred, t.mine, t.carry, t.total, u, NoTieBase(), sh);
    return;
  }
  const int bucket = static_cast<int>(pred.key >> kSplitHistShift);
  RowPool& pool = split_pool<BLOCK>();
  HistScan<BLOCK> hist;
  int n_pool = t.max_list_from <= static_cast<uint32_t>(bucket)
                   ? pool_from_lists<BLOCK>(part, row, static_cast<int>(t.max_list_from), pool, sh)
                   : -1;
  if (n_pool < 0) pool_from_row<BLOCK>(a, part, pool);
  hist.load(pool, sh);
  const BucketHit at = bucket_at<BLOCK>(hist, bucket, sh);
  if (at.cnt_in > static_cast<uint32_t>(kSplitListCapacity)) {
    sampling_syncthreads();  // the one-block program reuses this block's shared memory
    sample_probability_row<BLOCK, Kept, E>(a.input, a.token, a.valid, part.row, part.src, a.vocab, a.seed, a.offset,
                                        MinPFilter<BLOCK, Kept>{min_p_arr, min_p},
                                        *reinterpret_cast<SamplingShared<BLOCK>*>(sampling_dynamic_shared));
    return;
  }
  const int n = gather_candidates<BLOCK>(a, part, pool, n_pool, bucket, bucket, sh);
  Candidates<BLOCK> cand;
  cand.rank_all(sh, n);
  uint64_t above = 0u;
#pragma unroll
  for (int i = 0; i < Candidates<BLOCK>::kPer; ++i)
    above += (cand.has(i) && pred(cand.key[i], 0, 0u)) ? WeightKeys().mass_of_key(cand.key[i]) : 0u;
  const uint64_t mass = at.mass_above + BlockReduce<BLOCK>::reduce(above, OpSumU64(), uint64_t{0}, sh.red64);
  finish_from_candidates<BLOCK, Kept>(a, part, cand, pred, mass, u, sh);
}

}  // namespace sampling
