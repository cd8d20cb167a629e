// Host dump of kernels/include/elements.h (the exact device code, compiled for the host): for every
// 16-bit pattern h in 0 .. 65535, the fp32 bits of f16_to_f32(h) then bf16_to_f32(h), as 32-bit
// little-endian words on stdout. src/manifest/elements-kernel.test.ts compares them with the
// widening the reference is fed (src/manifest/elements.ts).
#include <cstdio>
#include <cstring>
#include "../include/elements.h"

int main() {
  static uint32_t out[2 * 65536];
  for (uint32_t h = 0; h < 65536u; ++h) {
    const float f16 = sampling::f16_to_f32(static_cast<uint16_t>(h));
    const float bf16 = sampling::bf16_to_f32(static_cast<uint16_t>(h));
    std::memcpy(&out[h], &f16, 4);
    std::memcpy(&out[65536u + h], &bf16, 4);
  }
  return std::fwrite(out, sizeof out, 1, stdout) == 1 ? 0 : 1;
}
