// prefix_sum.hip: inclusive prefix sum of fp32 rows, deterministic and MONOTONE BY CONSTRUCTION.
//
// A row is split over `parts` blocks (row_sync.h; grid = batch * parts), each reading its part
// once into shared memory. Sums are float64: each thread sums its contiguous run of entries in
// order, the block combines the runs in a fixed tree, and the part publishes its sum. After one
// row barrier every block folds the parts' sums in part order, sequentially, into
//   lo = sum of the parts before it,  hi = lo + its own sum
// (the same operations in every block, so part j's hi is bit for bit part j + 1's lo). Entry i
// of the part gets D_i = lo + (its exclusive thread prefix + its run), s_i = fp32(D_i), and
//   out_i = min(max(fp32(lo), s_first .. s_i), fp32(hi)).
// Why monotone: inside a part a running max never decreases and a min with a constant keeps
// that; every output of a part lies in [fp32(lo), fp32(hi)] (the max starts at fp32(lo), which is
// <= fp32(hi) because part sums of a valid row are >= 0 and rounding is monotone), and the next
// part's lower bound is this part's upper bound. The clamps only move a value where float64
// reassociation rounded differently, by far less than one fp32 ulp of the prefix.
// Rows with a NaN, an infinity or a negative entry: plain fp32(D_i) (IEEE propagation), valid 0.
#include "include/block_reduce.h"
#include "include/block_scan.h"
#include "include/chunk.h"

using namespace sampling;

constexpr int B = 512;
// The manifest's launch.sharedBytes: the scratch below, then the part's shared copy.
constexpr int kPrefixSharedBytes = 65536;

namespace {
struct OpMaxScan {
  SAMPLING_DEVICE float operator()(float a, float b) const { return a > b ? a : b; }
};

struct PrefixScratch {
  BlockReduce<B>::Storage<uint32_t> flag;
  BlockReduce<B>::Storage<double> sum;
  BlockScan<B>::Storage<double> scan;
  BlockScan<B>::Storage<float> max_scan;
  double part_sum[kMaxParts];
  double lo;
  double hi;
  uint32_t ticket;
};
constexpr int kScratchBytes = static_cast<int>((sizeof(PrefixScratch) + 15) / 16 * 16);
constexpr int kCapacity = (kPrefixSharedBytes - kScratchBytes) / 16 * 4;

// Visits this thread's entries in index order: f(unit, j, value) for entries of the part.
template <class F>
SAMPLING_DEVICE void walk_segment(const Chunk& c, const Segment& seg, F&& f) {
  for (int u = seg.first; u < seg.end; ++u) {
    const float4 v = c.unit(u);
#pragma unroll
    for (int j = 0; j < 4; ++j)
      if (4 * u + j < c.count) f(u, j, unit_item(v, j));
  }
}
}  // namespace

SAMPLING_KERNEL(B)
inclusive_prefix_sum(const float* in, float* out, int* valid, int batch, int vocab, unsigned int* workspace) {
  PrefixScratch& sh = *reinterpret_cast<PrefixScratch*>(sampling_dynamic_shared);
  const SplitPart part = take_part<B>(workspace, batch, vocab, sh.ticket);
  if (part.row < 0) return;
  float* buffer = reinterpret_cast<float*>(reinterpret_cast<char*>(sampling_dynamic_shared) + kScratchBytes);
  const Chunk c = make_chunk(in, part, vocab, buffer, kCapacity, 0.0f);
  const OutChunk o = make_out_chunk(out, part, vocab);
  uint32_t bad = 0u;
  stream_chunk<B>(c, 0, c.units(), [&](int u, const float4& v) {
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      const float x = unit_item(v, j);
      if (4 * u + j < c.count) bad |= (x >= 0.0f && x < INFINITY) ? 0u : 1u;
    }
  });
  sampling_syncthreads();  // the runs below read units other threads stored
  const Segment seg = thread_segment<B>(c);
  double run = 0.0;
  walk_segment(c, seg, [&](int, int, float x) { run += static_cast<double>(x); });
  const double part_total = BlockReduce<B>::reduce(run, OpSumF64(), 0.0, sh.sum);
  bad = BlockReduce<B>::reduce(bad, OpOrU32(), 0u, sh.flag);
  const StreamRow row = stream_row(workspace, part);
  if (threadIdx.x == 0) {
    row.parts[part.part].aggregate = part_total;
    row.parts[part.part].bad = bad;
  }
  row_barrier(&row.header->arrive[0], part.parts);
  const int p = static_cast<int>(threadIdx.x);
  uint32_t row_bad = 0u;
  if (p < part.parts) {
    sh.part_sum[p] = sampling_load_coherent_f64(&row.parts[p].aggregate);
    row_bad = sampling_load_coherent(&row.parts[p].bad);
  }
  const bool monotone = BlockReduce<B>::reduce(row_bad, OpOrU32(), 0u, sh.flag) == 0u;  // ends with a barrier
  if (threadIdx.x == 0) {
    double lo = 0.0;
    for (int i = 0; i < part.part; ++i) lo += sh.part_sum[i];
    sh.lo = lo;
    sh.hi = lo + sh.part_sum[part.part];
  }
  const double excl = BlockScan<B>::scan(run, OpSumF64(), 0.0, sh.scan).exclusive;  // its barriers publish lo, hi
  const double base = sh.lo + excl;
  const float lo_f = static_cast<float>(sh.lo);
  const float hi_f = static_cast<float>(sh.hi);
  float lower = lo_f;  // max of the s before this thread's run
  if (monotone) {
    float mx = lo_f;
    double d = base;
    walk_segment(c, seg, [&](int, int, float x) {
      d += static_cast<double>(x);
      const float s = static_cast<float>(d);
      mx = s > mx ? s : mx;
    });
    lower = BlockScan<B>::scan(mx, OpMaxScan(), lo_f, sh.max_scan).exclusive;
    lower = lower > lo_f ? lower : lo_f;
  }
  // Results go back into this thread's own units of the shared copy (each unit is read before
  // it is written), then leave in coalesced stores; a part not held in shared memory writes
  // straight to the output.
  float4* staged = reinterpret_cast<float4*>(c.smem);
  float mx = lower;
  double d = base;
  for (int u = seg.first; u < seg.end; ++u) {
    const float4 v = c.unit(u);
    float r[4] = {0.0f, 0.0f, 0.0f, 0.0f};
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      if (4 * u + j >= c.count) continue;
      d += static_cast<double>(unit_item(v, j));
      const float s = static_cast<float>(d);
      if (monotone) {
        mx = s > mx ? s : mx;
        r[j] = mx < hi_f ? mx : hi_f;
      } else {
        r[j] = s;
      }
    }
    const float4 res = make_float4(r[0], r[1], r[2], r[3]);
    if (staged != nullptr) {
      staged[u] = res;
    } else {
      o.store(u, res);
    }
  }
  if (staged != nullptr) {
    sampling_syncthreads();
    for (int u = static_cast<int>(threadIdx.x); u < c.units(); u += B) o.store(u, staged[u]);
  }
  if (part.part == 0 && threadIdx.x == 0) valid[part.row] = monotone ? 1 : 0;
}
