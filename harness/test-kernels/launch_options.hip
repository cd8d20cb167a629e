// Kernels of the launch-option tests (zeroBefore, dynamic shared memory above 48 KiB).
#include "test_compat.h"

// data[i] += 1: after a launch that zeroed the first bytes, those elements read 1 and the others their value + 1.
TK_KERNEL void add_one(int* data, int n) {
  const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  if (i < n) data[i] += 1;
}

// Fills `words` 32-bit words of dynamic shared memory with i * 2654435761 (mod 2^32) and sums them back into *out:
// the sum is right only if the launch really got words * 4 bytes of shared memory.
TK_KERNEL void shared_fill_sum(unsigned long long* out, int words) {
  extern __shared__ unsigned int smem[];
  for (int i = static_cast<int>(threadIdx.x); i < words; i += static_cast<int>(blockDim.x)) {
    smem[i] = static_cast<unsigned int>(i) * 2654435761u;
  }
  __syncthreads();
  if (threadIdx.x == 0) {
    unsigned long long sum = 0;
    for (int i = 0; i < words; ++i) sum += smem[i];
    *out = sum;
  }
}
