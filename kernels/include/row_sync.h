// row_sync.h: a row split over several blocks ("parts") of one launch: grid = batch * parts,
// parts = gridDim.x / batch, part p holding the entries [p * chunk, (p + 1) * chunk) of its row.
// Two ways for the parts of a row to combine:
//
// - The last part finishes the row (part_of_block, arrive_last): every part publishes, then
//   arrives at the row's counter; the one that arrives last sees everything and continues. No
//   block waits for another, so the order in which blocks run is irrelevant.
//
// - Row barriers (take_part, row_barrier), for kernels where every part needs a row-wide value
//   (the row's max, the sums before it) before it can finish. Blocks take a ticket (a counter in
//   the workspace) and ticket t works on part t % parts of row t / parts. A block only waits
//   for blocks of its own row; tickets are handed out in the order blocks start running, so when
//   a block waits, every smaller ticket has started, and a started block is resident until it
//   finishes. The only row that can have parts not yet started is the row of the newest ticket;
//   every other row with a waiting block has all its parts resident, so it completes and frees
//   its slots. Hence no deadlock as long as the device can hold `parts` blocks of the kernel at
//   once, whatever the hardware's dispatch order, other kernels sharing the GPU, or the launch's
//   size: the manifest caps parts at the multiprocessor count (each holds at least one block).
//
// The workspace is zeroed before every launch (manifest role "workspace"), so counters start at
// 0; nothing is reset inside the kernel.
#pragma once

#include "gpu_compat.h"

namespace sampling {

constexpr int kMaxParts = 256;
// Bytes before the first row's record: the ticket counter, padded so rows start aligned.
constexpr size_t kWorkspaceHeaderBytes = 256;

SAMPLING_HOST_DEVICE constexpr int ceil_div_int(int a, int b) { return (a + b - 1) / b; }

// Entries per part: a multiple of 4, so every part starts 16-byte aligned whenever the row does.
SAMPLING_HOST_DEVICE constexpr int part_chunk(int vocab, int parts) { return 4 * ceil_div_int(ceil_div_int(vocab, parts), 4); }

struct SplitPart {
  int row;    // -1: this block has no work (grid not a multiple of batch, or parts out of range)
  int src;    // the input row it reads: `row`, unless an indexed sampler maps it (row_indices.h)
  int part;
  int parts;
  int chunk;  // entries per part
  int begin;  // first entry of this part, relative to the row
  int count;  // entries of this part (0 for trailing parts of a short row)
};

// Row-barrier kernels: the part this block's ticket names. Every thread of the block calls it;
// `slot` is a shared broadcast slot.
template <int BLOCK>
SAMPLING_DEVICE SplitPart take_part(uint32_t* workspace, int batch, int vocab, uint32_t& slot) {
  if (threadIdx.x == 0) slot = sampling_global_atomic_add_u32(workspace, 1u);
  sampling_syncthreads();
  const uint32_t ticket = slot;
  SplitPart p;
  p.parts = batch > 0 ? static_cast<int>(gridDim.x / static_cast<uint32_t>(batch)) : 0;
  const bool usable = p.parts >= 1 && p.parts <= kMaxParts &&
                      static_cast<uint64_t>(ticket) < static_cast<uint64_t>(batch) * static_cast<uint64_t>(p.parts);
  const int entries = vocab > 0 ? vocab : 0;
  p.row = usable ? static_cast<int>(ticket / static_cast<uint32_t>(p.parts)) : -1;
  p.src = p.row;
  p.part = usable ? static_cast<int>(ticket % static_cast<uint32_t>(p.parts)) : 0;
  p.chunk = usable && entries > 0 ? part_chunk(entries, p.parts) : 0;
  const long long begin = static_cast<long long>(p.part) * p.chunk;
  p.begin = begin < entries ? static_cast<int>(begin) : entries;
  p.count = entries - p.begin < p.chunk ? entries - p.begin : p.chunk;
  return p;
}

// All blocks of a row arrive, then all leave: every global write or atomic issued by any of
// them before the barrier is visible to every thread of every one of them after it. Thread 0
// publishes with a device fence before its arrival and acquires with one after it saw all
// `parts` arrivals; the block barriers around it order the other threads' accesses.
// Every thread of the block calls it; each barrier of a launch uses its own zeroed counter.
SAMPLING_DEVICE void row_barrier(uint32_t* counter, int parts) {
  sampling_syncthreads();
  if (threadIdx.x == 0) {
    sampling_device_fence();
    sampling_global_atomic_add_u32(counter, 1u);
    while (sampling_poll_u32(counter) < static_cast<uint32_t>(parts)) sampling_spin_pause();
    sampling_device_fence();
  }
  sampling_syncthreads();
}

// Geometry of part blockIdx.x % parts of row blockIdx.x / parts, for kernels whose blocks never
// wait for each other (the last part to arrive finishes the row: arrive_last): there, the order
// in which blocks run does not matter, so no ticket is taken.
SAMPLING_DEVICE SplitPart part_of_block(int batch, int vocab) {
  SplitPart p;
  p.parts = batch > 0 ? static_cast<int>(gridDim.x / static_cast<uint32_t>(batch)) : 0;
  const bool usable = p.parts >= 1 && p.parts <= kMaxParts &&
                      static_cast<uint64_t>(blockIdx.x) < static_cast<uint64_t>(batch) * static_cast<uint64_t>(p.parts);
  const int entries = vocab > 0 ? vocab : 0;
  p.row = usable ? static_cast<int>(blockIdx.x / static_cast<uint32_t>(p.parts)) : -1;
  p.src = p.row;
  p.part = usable ? static_cast<int>(blockIdx.x % static_cast<uint32_t>(p.parts)) : 0;
  p.chunk = usable && entries > 0 ? part_chunk(entries, p.parts) : 0;
  const long long begin = static_cast<long long>(p.part) * p.chunk;
  p.begin = begin < entries ? static_cast<int>(begin) : entries;
  p.count = entries - p.begin < p.chunk ? entries - p.begin : p.chunk;
  return p;
}

// The same row's part `part` (for the block that finishes the row and reads a part again).
SAMPLING_DEVICE SplitPart sibling_part(const SplitPart& p, int part, int vocab) {
  SplitPart s = p;
  s.part = part;
  const long long begin = static_cast<long long>(part) * p.chunk;
  s.begin = begin < vocab ? static_cast<int>(begin) : vocab;
  s.count = vocab - s.begin < p.chunk ? vocab - s.begin : p.chunk;
  return s;
}

// Every part of a row calls it once, after publishing; true (in every thread) only in the last
// part to arrive. Its device fence before the arrival publishes the part's writes and atomics;
// the last part's fence after it makes every part's visible to it (the classic "last block"
// reduction). Every thread of the block calls it.
SAMPLING_DEVICE bool arrive_last(uint32_t* counter, int parts, uint32_t& slot) {
  sampling_syncthreads();
  if (threadIdx.x == 0) {
    sampling_device_fence();
    slot = sampling_global_atomic_add_u32(counter, 1u);
    if (slot == static_cast<uint32_t>(parts - 1)) sampling_device_fence();
  }
  sampling_syncthreads();
  return slot == static_cast<uint32_t>(parts - 1);
}

// The start of every row's workspace: its counters (the last-part counter or one per row
// barrier). The row's records follow (sample_row_bytes(), stream_row_bytes()); the manifest's
// workspaceBytes is kWorkspaceHeaderBytes + batch * those bytes: keep the two in step.
struct RowHeader {
  uint32_t arrive[4];
  uint32_t pad[12];
};
static_assert(sizeof(RowHeader) == 64, "RowHeader is 64 bytes (manifest workspace formulas)");

// Kernels whose parts wait for each other (softmax, prefix sum, logits): what one part publishes, and the row layout
// RowHeader | StreamRecord[parts] (the same bytes per row as a sampling row without histogram).
struct StreamRecord {
  double aggregate;  // prefix sum: the part's sum (float64)
  float max;         // softmax, logits: the part's max of x / T
  float sum;         // softmax: sum of expf(x / T - max) over the part
  uint32_t bad;
  uint32_t pad;
  uint64_t mass;     // logits: the part's sum of q(expf(x / T - row max))
};
static_assert(sizeof(StreamRecord) == 32, "StreamRecord is 32 bytes (manifest workspace formulas)");

struct StreamRow {
  RowHeader* header;
  StreamRecord* parts;
};

SAMPLING_HOST_DEVICE constexpr size_t stream_row_bytes(int parts) {
  return sizeof(RowHeader) + sizeof(StreamRecord) * static_cast<size_t>(parts);
}

SAMPLING_DEVICE StreamRow stream_row(uint32_t* workspace, const SplitPart& p) {
  char* at = reinterpret_cast<char*>(workspace) + kWorkspaceHeaderBytes + static_cast<size_t>(p.row) * stream_row_bytes(p.parts);
  StreamRow r;
  r.header = reinterpret_cast<RowHeader*>(at);
  r.parts = reinterpret_cast<StreamRecord*>(at + sizeof(RowHeader));
  return r;
}

}  // namespace sampling
