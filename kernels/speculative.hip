// speculative.hip: chain speculative sampling. The contract is docs/design.md "Speculative
// sampling"; src/reference/speculative.ts is the specification this kernel replays bit for bit.
//
// One block of kSpecBlock threads per batch row b (grid = batch), draft tokens per row n:
//   1. validation: every draft token in [0, vocab), every draft row (n) and target row (n + 1)
//      has entries in [0, 1] and a fixed-point total within kNormalizationTolerance of 2^32;
//      an invalid row writes token 0, then -1, counts 0, valid 0, and draws nothing;
//   2. acceptance: position j (one thread each) keeps x_j iff p_t > 0 and u_j * p_d <= p_t in
//      double (exact for fp32 operands), u_j = Philox output j of (seed, subsequence b, offset);
//      accepted = how many positions pass, emitted = the first failing position (or n);
//   3. one draw with u_n by the fixed-point sampling step (docs/design.md "Sampling step") from
//      the residual max(0, q_t - q_d) of target/draft rows `emitted` (the target row itself when
//      that residual is empty), or from target row n when every position passed.
// Rows are addressed with 64-bit offsets. No thread walks the vocabulary alone: every pass is a
// block-wide tile walk with block reductions/scans (integer masses: order-independent, exact).
#include "include/block_reduce.h"
#include "include/block_scan.h"
#include "include/philox.h"
#include "include/row_tiles.h"

using namespace sampling;

namespace {

constexpr int kSpecBlock = 512;
constexpr uint64_t kFixedPointOne = 1ull << 32;
// |T - 2^32| <= 2^22 for every row (src/reference/speculative-inputs.ts NORMALIZATION_TOLERANCE).
constexpr uint64_t kNormalizationTolerance = (1ull << 22);
constexpr int kPadding = -1;
constexpr int kNoIndex = 0x7fffffff;

template <int BLOCK>
struct SpecShared {
  typename BlockReduce<BLOCK>::template Storage<uint64_t> sum;
  typename BlockReduce<BLOCK>::template Storage<uint32_t> flag;
  typename BlockReduce<BLOCK>::template Storage<int32_t> index;
  typename BlockScan<BLOCK>::template Storage<uint64_t> scan;
};

SAMPLING_DEVICE const float* row_at(const float* base, uint64_t row, int vocab) {
  return base + row * static_cast<uint64_t>(vocab);
}

// Fixed-point total of one row; `bad` collects entries outside [0, 1] (NaN included), which
// add nothing (the float-to-integer conversion of NaN or a negative value is undefined).
template <int BLOCK>
SAMPLING_DEVICE uint64_t row_total(const float* row, int vocab, uint32_t& bad, SpecShared<BLOCK>& s) {
  const RowView view(row, 0, vocab);
  uint64_t local = 0;
  for (int base = 0; base < vocab; base += group_span<BLOCK>()) {
    TileGroup g;
    view.load_group<BLOCK>(base, g, 0.0f);
#pragma unroll
    for (int u = 0; u < kTilesInFlight; ++u)
#pragma unroll
      for (int j = 0; j < kItems; ++j) {
        const float w = g.v[u][j];
        const bool ok = is_probability(w);
        bad |= ok ? 0u : 1u;
        local += ok ? fixed_point_mass(w) : 0u;
      }
  }
  return BlockReduce<BLOCK>::reduce(local, OpSumU64(), uint64_t{0}, s.sum);
}

SAMPLING_DEVICE bool normalized(uint64_t total) {
  const uint64_t dev = total > kFixedPointOne ? total - kFixedPointOne : kFixedPointOne - total;
  return dev <= kNormalizationTolerance;
}

struct RowInputs {
  const float* draft;   // n rows of this batch row
  const int* tokens;    // n draft tokens
  const float* target;  // n + 1 rows
  int n;
  int vocab;
};

// Step 1. Block-uniform; `bonus_total` receives the fixed-point total of target row n.
template <int BLOCK>
SAMPLING_DEVICE bool row_is_valid(const RowInputs& in, uint64_t& bonus_total, SpecShared<BLOCK>& s) {
  uint32_t bad = 0;
  bool all_normalized = true;
  for (int j = 0; j < in.n; ++j) all_normalized &= normalized(row_total<BLOCK>(row_at(in.draft, j, in.vocab), in.vocab, bad, s));
  for (int j = 0; j <= in.n; ++j) {
    const uint64_t t = row_total<BLOCK>(row_at(in.target, j, in.vocab), in.vocab, bad, s);
    all_normalized &= normalized(t);
    if (j == in.n) bonus_total = t;
  }
  for (int j = static_cast<int>(threadIdx.x); j < in.n; j += BLOCK) {
    const int x = in.tokens[j];
    bad |= (x >= 0 && x < in.vocab) ? 0u : 1u;
  }
  return BlockReduce<BLOCK>::reduce(bad, OpOrU32(), 0u, s.flag) == 0u && all_normalized;
}

// Step 2: how many positions pass (returned) and the first that fails (`emitted`).
template <int BLOCK>
SAMPLING_DEVICE uint32_t accept_positions(const RowInputs& in, uint64_t seed, uint64_t offset, uint64_t row, int& emitted,
                                          SpecShared<BLOCK>& s) {
  uint32_t passed = 0;
  int first_reject = in.n;
  for (int j = static_cast<int>(threadIdx.x); j < in.n; j += BLOCK) {
    const int x = in.tokens[j];
    const float pd = row_at(in.draft, j, in.vocab)[x];
    const float pt = row_at(in.target, j, in.vocab)[x];
    const float u = philox_row_uniform(seed, offset + static_cast<uint64_t>(j), row);
    // fp32 x fp32 has at most 48 significant bits: the double product is exact, no rounding
    const bool ok = pt > 0.0f && static_cast<double>(u) * static_cast<double>(pd) <= static_cast<double>(pt);
    passed += ok ? 1u : 0u;
    if (!ok && j < first_reject) first_reject = j;
  }
  emitted = BlockReduce<BLOCK>::reduce(static_cast<int32_t>(first_reject), OpMinI32(), static_cast<int32_t>(in.n), s.index);
  return BlockReduce<BLOCK>::reduce(passed, OpSumU32(), 0u, s.flag);
}

// The mass of one token: the residual max(0, q_t - q_d) when a draft row is given, else q_t.
SAMPLING_DEVICE uint64_t token_mass(float wt, float wd, bool residual) {
  const uint64_t qt = fixed_point_mass(wt);
  if (!residual) return qt;
  const uint64_t qd = fixed_point_mass(wd);
  return qt > qd ? qt - qd : 0u;
}

// Total residual mass of target/draft rows (validated: entries in [0, 1]).
template <int BLOCK>
SAMPLING_DEVICE uint64_t residual_total(const RowView& t, const RowView& d, SpecShared<BLOCK>& s) {
  uint64_t local = 0;
  for (int tile = 0; tile < t.vocab; tile += tile_span<BLOCK>()) {
    float wt[kItems];
    float wd[kItems];
    t.load<BLOCK>(tile, wt, 0.0f);
    d.load<BLOCK>(tile, wd, 0.0f);
#pragma unroll
    for (int j = 0; j < kItems; ++j) local += token_mass(wt[j], wd[j], true);
  }
  return BlockReduce<BLOCK>::reduce(local, OpSumU64(), uint64_t{0}, s.sum);
}

// Step 3, the sampling step: the smallest index whose inclusive mass prefix reaches `target`
// (>= 1 and <= the row's mass, so it exists and has mass > 0). Tiles in index order; a tile
// whose total leaves the prefix short is skipped after one block scan.
template <int BLOCK>
SAMPLING_DEVICE int search(const RowView& t, const RowView& d, bool residual, uint64_t target, SpecShared<BLOCK>& s) {
  uint64_t carry = 0;
  for (int tile = 0; tile < t.vocab; tile += tile_span<BLOCK>()) {
    float wt[kItems];
    float wd[kItems] = {0.0f, 0.0f, 0.0f, 0.0f};
    const int first = t.load<BLOCK>(tile, wt, 0.0f);
    if (residual) d.load<BLOCK>(tile, wd, 0.0f);
    uint64_t m[kItems];
    uint64_t local = 0;
#pragma unroll
    for (int j = 0; j < kItems; ++j) local += (m[j] = token_mass(wt[j], wd[j], residual));
    const ScanResult<uint64_t> sc = BlockScan<BLOCK>::scan(local, OpSumU64(), uint64_t{0}, s.scan);
    if (carry + sc.total >= target) {
      uint64_t c = carry + sc.exclusive;
      int32_t hit = kNoIndex;
#pragma unroll
      for (int j = 0; j < kItems; ++j) {
        c += m[j];
        if (hit == kNoIndex && c >= target) hit = first + j;
      }
      return BlockReduce<BLOCK>::reduce(hit, OpMinI32(), kNoIndex, s.index);
    }
    carry += sc.total;
  }
  return kNoIndex;  // unreachable: the last prefix is the mass, and target <= mass
}

// u * M in double, then the smallest integer >= it: C >= u*M <=> C >= ceil(u*M) for integer C.
SAMPLING_DEVICE uint64_t mass_target(float u, uint64_t mass) {
  return static_cast<uint64_t>(ceil(static_cast<double>(u) * static_cast<double>(mass)));
}

}  // namespace

SAMPLING_KERNEL(kSpecBlock)
chain_speculative_sampling(const float* draft_probs, const int* draft_token_ids, const float* target_probs,
                           int* output_token_ids, int* output_accepted_token_num, int* output_emitted_draft_token_num,
                           int* valid, int batch, int num_draft_tokens, int vocab, unsigned long long seed,
                           unsigned long long offset) {
  constexpr int B = kSpecBlock;
  __shared__ SpecShared<B> shared;
  const int b = static_cast<int>(blockIdx.x);
  if (b >= batch) return;
  const int n = num_draft_tokens;
  const uint64_t row = static_cast<uint64_t>(b);
  const RowInputs in{row_at(draft_probs, row * n, vocab), draft_token_ids + row * n, row_at(target_probs, row * (n + 1), vocab), n,
                     vocab};
  int* out = output_token_ids + row * static_cast<uint64_t>(n + 1);
  uint64_t bonus_total = 0;
  if (!row_is_valid<B>(in, bonus_total, shared)) {
    for (int k = static_cast<int>(threadIdx.x); k <= n; k += B) out[k] = k == 0 ? 0 : kPadding;
    if (threadIdx.x == 0) {
      output_accepted_token_num[b] = 0;
      output_emitted_draft_token_num[b] = 0;
      valid[b] = 0;
    }
    return;
  }
  int emitted = n;
  const uint32_t accepted = accept_positions<B>(in, seed, offset, row, emitted, shared);
  const RowView t(row_at(in.target, emitted, vocab), 0, vocab);
  const RowView d(row_at(in.draft, emitted < n ? emitted : 0, vocab), 0, vocab);
  bool residual = emitted < n;
  uint64_t mass = bonus_total;
  if (residual) {
    mass = residual_total<B>(t, d, shared);
    if (mass == 0u) {
      // only rows that are not exactly normalized get here: fall back to the target row itself
      residual = false;
      uint32_t unused = 0;
      mass = row_total<B>(row_at(in.target, emitted, vocab), vocab, unused, shared);
    }
  }
  const float u = philox_row_uniform(seed, offset + static_cast<uint64_t>(n), row);
  const int token = search<B>(t, d, residual, mass_target(u, mass), shared);
  for (int k = static_cast<int>(threadIdx.x); k <= n; k += B) out[k] = k < emitted ? in.tokens[k] : k == emitted ? token : kPadding;
  if (threadIdx.x == 0) {
    output_accepted_token_num[b] = static_cast<int>(accepted);
    output_emitted_draft_token_num[b] = emitted;
    valid[b] = 1;
  }
}
