// top_p_sampling.hip: top-p (nucleus) sampling written the way sampling libraries write theirs: one
// templated kernel body over the element type, instantiated for bf16 and fp16 behind extern "C"
// entry points, a 128 KiB dynamic shared-memory histogram (above the 48 KiB default: the launcher
// opts in), a global-memory workspace, and the library's own random numbers (tps_common.h).
//
// It assumes what such kernels assume: rows are probability distributions summing to 1 (the nucleus
// is the smallest set of largest entries whose mass reaches top_p itself, not top_p times the row
// total), and input rows are valid (no NaN/inf/negative entries; an invalid row still gets an index
// in [0, d) and never a fault, but which one is unspecified).
//
// Per row (one block of 256 threads):
//   1. histogram of the 2^15 non-negative 16-bit patterns (dynamic shared memory): every value its own
//      bin, so the bin masses count * value are exact and ties share a bin;
//   2. the nucleus boundary: the bins from the largest value down until their mass reaches top_p
//      (each thread owns a run of 128 bins; one block scan says which thread holds the crossing);
//   3. the eligible mass of each 1024-entry chunk of the row, into the workspace;
//   4. u from the library's generator, target = u * M; the chunk where the running mass reaches the
//      target (block scan over chunk masses), then the entry inside it (block scan over 4 per thread).
// Sums are float64 in a fixed order: deterministic, and exact for rows whose entries are multiples of
// 2^-32 summing to at most 1 (what a normalized bf16/fp16 row is).
#include "tps_block.h"

namespace tps {

constexpr int kBlockThreads = 256;
constexpr int kChunk = 1024;  // entries per workspace chunk
constexpr int kItemsPerThread = kChunk / kBlockThreads;

template <int BLOCK>
struct SamplingTempStorage {
  BlockStorage<BLOCK> block;
  uint32_t boundary_key;
  int64_t hit_chunk;
  double hit_chunk_base;
};

// Step 2: the smallest key whose bins, from the largest value down, bring the mass to top_p (0 keeps every
// entry: a row whose mass never reaches top_p, which a normalized row always does).
template <typename T>
TPS_INLINE double BinMass(const uint32_t* histogram, int b) {
  // an empty bin weighs nothing, also the NaN and inf patterns at the top of the key range
  return histogram[b] == 0u ? 0.0 : static_cast<double>(histogram[b]) * ElementTraits<T>::value(b);
}

template <typename T, int BLOCK>
TPS_INLINE uint32_t NucleusBoundary(const uint32_t* histogram, float top_p, SamplingTempStorage<BLOCK>& temp) {
  constexpr int kBins = 1 << ElementTraits<T>::kKeyBits;
  constexpr int kBinsPerThread = kBins / BLOCK;
  const int hi = kBins - 1 - static_cast<int>(threadIdx.x) * kBinsPerThread;
  double run = 0.0;
  for (int b = hi; b > hi - kBinsPerThread; --b) run += BinMass<T>(histogram, b);
  if (threadIdx.x == 0) temp.boundary_key = 0u;
  double total;
  const double above = BlockOps<BLOCK>::exclusive_sum(run, total, temp.block);
  if (above < top_p && above + run >= top_p) {
    double local = 0.0;  // summed in the order `run` was, so the crossing is found
    for (int b = hi; b > hi - kBinsPerThread; --b) {
      local += BinMass<T>(histogram, b);
      if (above + local >= top_p) {
        temp.boundary_key = static_cast<uint32_t>(b);
        break;
      }
    }
  }
  __syncthreads();
  return temp.boundary_key;
}

template <typename T>
TPS_INLINE double EligibleMass(T x, uint32_t boundary) {
  const uint32_t key = ElementTraits<T>::key(x);
  const float v = ElementTraits<T>::value(key);
  return key >= boundary && v > 0.0f && v < __uint_as_float(0x7f800000u) ? static_cast<double>(v) : 0.0;
}

// Step 3: workspace[c] = eligible mass of chunk c of this row.
template <typename T, int BLOCK>
TPS_INLINE void ChunkMasses(const T* row, uint32_t d, uint32_t boundary, double* workspace, uint32_t chunks,
                            SamplingTempStorage<BLOCK>& temp) {
  for (uint32_t c = 0; c < chunks; ++c) {
    double m = 0.0;
    for (int j = 0; j < kItemsPerThread; ++j) {
      const uint32_t i = c * kChunk + static_cast<uint32_t>(j * BLOCK) + threadIdx.x;
      if (i < d) m += EligibleMass(row[i], boundary);
    }
    m = BlockOps<BLOCK>::sum(m, temp.block);
    if (threadIdx.x == 0) workspace[c] = m;
  }
  __syncthreads();  // the workspace writes are visible to the whole block
}

// Step 4a: target = u * M (M the row's eligible mass); the chunk where the running mass reaches it (its mass
// before in temp.hit_chunk_base), or -1 when the row has no eligible mass.
template <int BLOCK>
TPS_INLINE int64_t FindChunk(const double* workspace, uint32_t chunks, float u, double& target,
                             SamplingTempStorage<BLOCK>& temp) {
  const uint32_t per = (chunks + BLOCK - 1) / BLOCK;
  const uint32_t first = threadIdx.x * per;
  const uint32_t last = first + per < chunks ? first + per : chunks;
  double run = 0.0;
  for (uint32_t c = first; c < last; ++c) run += workspace[c];
  if (threadIdx.x == 0) temp.hit_chunk = -1;
  double total;
  const double above = BlockOps<BLOCK>::exclusive_sum(run, total, temp.block);
  target = static_cast<double>(u) * total;
  if (total > 0.0 && above < target && above + run >= target) {
    double local = 0.0;
    for (uint32_t c = first; c < last; ++c) {
      if (above + local + workspace[c] >= target) {
        temp.hit_chunk = c;
        temp.hit_chunk_base = above + local;
        break;
      }
      local += workspace[c];
    }
  }
  __syncthreads();
  return temp.hit_chunk;
}

// Step 4b: the first entry of the chunk whose running mass reaches the target; if rounding kept the target
// out of reach, the chunk's last eligible entry.
template <typename T, int BLOCK>
TPS_INLINE int64_t FindEntry(const T* row, uint32_t d, uint32_t boundary, int64_t chunk, double base, double target,
                             SamplingTempStorage<BLOCK>& temp) {
  const int64_t first = chunk * kChunk + static_cast<int64_t>(threadIdx.x) * kItemsPerThread;
  double local[kItemsPerThread];
  double run = 0.0;
  int64_t last_positive = -1;
  for (int j = 0; j < kItemsPerThread; ++j) {
    const int64_t i = first + j;
    const double m = i < d ? EligibleMass(row[i], boundary) : 0.0;
    if (m > 0.0) last_positive = i;
    run += m;
    local[j] = run;
  }
  double total;
  const double above = BlockOps<BLOCK>::exclusive_sum(run, total, temp.block);
  int64_t hit = -1;
  for (int j = 0; j < kItemsPerThread && hit < 0; ++j) {
    const double before = j == 0 ? 0.0 : local[j - 1];
    if (local[j] > before && base + above + local[j] >= target) hit = first + j;
  }
  hit = BlockOps<BLOCK>::pick(hit, false, temp.block);
  return hit >= 0 ? hit : BlockOps<BLOCK>::pick(last_positive, true, temp.block);
}

template <typename T, int BLOCK>
TPS_INLINE void TopPSamplingFromProb(const T* probs, int64_t* output, const float* top_p_arr, float top_p_val,
                                     double* workspace, uint32_t batch_size, uint32_t d, uint64_t seed, uint64_t offset,
                                     uint32_t* histogram, SamplingTempStorage<BLOCK>& temp) {
  constexpr int kBins = 1 << ElementTraits<T>::kKeyBits;
  const uint32_t bx = blockIdx.x;
  if (bx >= batch_size) return;
  const T* row = probs + static_cast<size_t>(bx) * d;
  const float top_p = top_p_arr == nullptr ? top_p_val : top_p_arr[bx];
  for (int b = threadIdx.x; b < kBins; b += BLOCK) histogram[b] = 0u;
  __syncthreads();
  for (uint32_t i = threadIdx.x; i < d; i += BLOCK) atomicAdd(&histogram[ElementTraits<T>::key(row[i])], 1u);
  __syncthreads();
  const uint32_t boundary = NucleusBoundary<T, BLOCK>(histogram, top_p, temp);
  const uint32_t chunks = (d + kChunk - 1) / kChunk;
  double* row_workspace = workspace + static_cast<size_t>(bx) * chunks;
  ChunkMasses<T, BLOCK>(row, d, boundary, row_workspace, chunks, temp);
  double target = 0.0;
  const int64_t chunk = FindChunk<BLOCK>(row_workspace, chunks, uniform(seed, offset, bx), target, temp);
  const int64_t token = chunk < 0 ? 0 : FindEntry<T, BLOCK>(row, d, boundary, chunk, temp.hit_chunk_base, target, temp);
  if (threadIdx.x == 0) output[bx] = token >= 0 && token < static_cast<int64_t>(d) ? token : 0;
}

}  // namespace tps

// The library's exported entry points: one per element type, each a thin extern "C" wrapper around the
// template (the dynamic shared memory is declared here, where the launch provides it).
#define TPS_TOP_P_ENTRY(NAME, T)                                                                                      \
  extern "C" __global__ void __launch_bounds__(tps::kBlockThreads)                                                    \
      NAME(const T* probs, int64_t* output, const float* top_p_arr, float top_p, void* workspace, uint32_t batch_size, \
           uint32_t d, uint64_t rng_seed, uint64_t rng_offset) {                                                       \
    extern __shared__ __align__(16) uint32_t tps_dynamic_smem[];                                                      \
    __shared__ tps::SamplingTempStorage<tps::kBlockThreads> temp;                                                     \
    tps::TopPSamplingFromProb<T, tps::kBlockThreads>(probs, output, top_p_arr, top_p, static_cast<double*>(workspace), \
                                                     batch_size, d, rng_seed, rng_offset, tps_dynamic_smem, temp);     \
  }

TPS_TOP_P_ENTRY(top_p_sampling_from_probs_bf16, tps::bf16)
TPS_TOP_P_ENTRY(top_p_sampling_from_probs_fp16, tps::fp16)
