// Generates src/rng/golden/curand-philox.json: raw Philox4x32-10 outputs from cuRAND on a real GPU, whose
// curand_init(seed, subsequence, offset) / skipahead / skipahead_sequence follow the same counter conventions
// as rocRAND's philox4x32_10 engine, plus rocRAND's fp32 uniform expression evaluated by the device.
// Build and run: nvcc -O2 -arch=sm_90 curand-philox-golden.cu -o golden && ./golden > curand-philox.json
#include <cstdio>
#include <curand_kernel.h>

struct Case {
  unsigned long long seed, sub, offset, skip, skipSub;
  int drawsBeforeSkip;
};

constexpr int kDraws = 12;

__global__ void draw(const Case* cases, int n, unsigned int* out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  Case c = cases[i];
  curandStatePhilox4_32_10_t s;
  curand_init(c.seed, c.sub, c.offset, &s);
  for (int k = 0; k < c.drawsBeforeSkip; k++) (void)curand(&s);
  if (c.skip) skipahead(c.skip, &s);
  if (c.skipSub) skipahead_sequence(c.skipSub, &s);
  for (int k = 0; k < kDraws; k++) out[i * kDraws + k] = curand(&s);
}

// rocRAND's uniform_distribution(unsigned int), in fp32 on the device.
__global__ void uniforms(const unsigned int* v, int n, float* out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = 2.3283064e-10f + (v[i] * 2.3283064e-10f);
}

int main() {
  const unsigned long long U64 = ~0ull;
  const Case cases[] = {
      {0, 0, 0, 0, 0, 0},
      {0xdeadbeefdeadbeefull, 0, 0, 0, 0, 0},
      {12345, 7, 3, 0, 0, 0},
      {12345, 50, 1000, 0, 0, 0},
      {0xa4093822299f31d0ull, 1, 5, 0, 0, 0},
      {99, 0xffffffffull, 2, 0, 0, 0},
      {99, U64, 6, 0, 0, 0},
      {7, 3, 4ull * 0xffffffffull, 0, 0, 0},
      {7, 3, 4ull * 0xffffffffull + 3, 0, 0, 0},
      {7, 0x1ffffffffull, 4ull * 0xfffffffeull + 1, 0, 0, 0},
      {1, 2, 3, 5, 0, 2},
      {1, 2, 3, 6, 0, 3},
      {1, 2, 0, 4ull * 0xffffffffull + 2, 0, 1},
      {1, 0xfffffffeull, 9, 0, 3, 1},
      {1, U64 - 1, 0, 0, 1, 0},
      {0xffffffffffffffffull, 0, 4ull * ((1ull << 62) - 1), 0, 0, 0},
  };
  const int n = sizeof(cases) / sizeof(cases[0]);
  Case* dCases;
  unsigned int* dOut;
  cudaMalloc(&dCases, sizeof(cases));
  cudaMalloc(&dOut, n * kDraws * sizeof(unsigned int));
  cudaMemcpy(dCases, cases, sizeof(cases), cudaMemcpyHostToDevice);
  draw<<<1, 64>>>(dCases, n, dOut);
  unsigned int out[n * kDraws];
  cudaMemcpy(out, dOut, sizeof(out), cudaMemcpyDeviceToHost);

  const unsigned int vs[] = {0u, 1u, 2u, 0x00ffffffu, 0x01000001u, 0x01000003u, 0x7fffffffu, 0x80000000u,
                             0x80000080u, 0x80000180u, 0xfffffe80u, 0xffffff7fu, 0xffffff80u, 0xffffffffu,
                             0x12345678u, 0xdeadbeefu};
  const int nv = sizeof(vs) / sizeof(vs[0]);
  unsigned int* dV;
  float* dU;
  cudaMalloc(&dV, sizeof(vs));
  cudaMalloc(&dU, nv * sizeof(float));
  cudaMemcpy(dV, vs, sizeof(vs), cudaMemcpyHostToDevice);
  uniforms<<<1, 64>>>(dV, nv, dU);
  float us[nv];
  cudaMemcpy(us, dU, sizeof(us), cudaMemcpyDeviceToHost);
  if (cudaGetLastError() != cudaSuccess) return 1;

  printf("{\n  \"source\": \"cuRAND curandStatePhilox4_32_10_t on a GPU, see curand-philox-golden.cu\",\n  \"cases\": [\n");
  for (int i = 0; i < n; i++) {
    const Case& c = cases[i];
    printf("    {\"seed\": \"%llu\", \"subsequence\": \"%llu\", \"offset\": \"%llu\", \"drawsBeforeSkip\": %d, "
           "\"skip\": \"%llu\", \"skipSubsequence\": \"%llu\", \"outputs\": [",
           c.seed, c.sub, c.offset, c.drawsBeforeSkip, c.skip, c.skipSub);
    for (int k = 0; k < kDraws; k++) printf("%u%s", out[i * kDraws + k], k + 1 < kDraws ? ", " : "");
    printf("]}%s\n", i + 1 < n ? "," : "");
  }
  printf("  ],\n  \"uniforms\": [\n");
  for (int i = 0; i < nv; i++) {
    unsigned int bits;
    memcpy(&bits, &us[i], 4);
    printf("    {\"v\": %u, \"fp32Bits\": %u}%s\n", vs[i], bits, i + 1 < nv ? "," : "");
  }
  printf("  ]\n}\n");
  return 0;
}
