// Test kernels for the harness: one with a checkable result, one whose run time scales with an argument.
#include "test_compat.h"

TK_KERNEL void saxpy(float* y, const float* x, float a, int n) {
  const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  if (i < n) y[i] = a * x[i] + y[i];
}

// Dependent fp32 chain: run time grows linearly with iters, and the result is stored so it is not elided.
TK_KERNEL void busy(float* out, int iters) {
  float v = static_cast<float>(threadIdx.x);
  for (int k = 0; k < iters; ++k) v = v * 0.999999f + 1.0f;
  out[blockIdx.x * blockDim.x + threadIdx.x] = v;
}

// Does nothing but exist: its GPU-event time is the floor under any single-launch measurement (launch and event
// overhead), reported by the bench next to the batch-1 rows. One store keeps it from being an empty body.
TK_KERNEL void launch_floor(int* out) {
  if (blockIdx.x == 0 && threadIdx.x == 0) out[0] = 1;
}
