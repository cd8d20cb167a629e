// Host known-answer test for kernels/include/philox.h (the exact device code, compiled for the
// host). Run by scripts/compile-gates.ts; prints one JSON line per vector, exits 1 on mismatch.
#include <cstdio>
#include "../include/philox.h"

namespace {
struct Kat {
  uint32_t ctr[4];
  uint32_t key[2];
  uint32_t want[4];
};

int check_kat(const Kat& kat) {
  sampling::Philox4 c;
  sampling::PhiloxKey k;
  for (int i = 0; i < 4; ++i) c.w[i] = kat.ctr[i];
  k.k[0] = kat.key[0];
  k.k[1] = kat.key[1];
  const sampling::Philox4 got = sampling::philox4x32_10(c, k);
  int bad = 0;
  for (int i = 0; i < 4; ++i) bad |= got.w[i] != kat.want[i];
  std::printf("{\"check\":\"kat\",\"ok\":%s,\"got\":[\"%08x\",\"%08x\",\"%08x\",\"%08x\"]}\n", bad ? "false" : "true",
              got.w[0], got.w[1], got.w[2], got.w[3]);
  return bad;
}
}  // namespace

int main() {
  const Kat kats[] = {
      {{0u, 0u, 0u, 0u}, {0u, 0u}, {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
      {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
       {0xffffffffu, 0xffffffffu},
       {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}},
  };
  int bad = 0;
  for (const Kat& kat : kats) bad |= check_kat(kat);
  // Engine semantics: offset 5 = counter + 1, word 1; subsequence lands in counter words z, w.
  sampling::Philox4 c = {{1u, 0u, 7u, 0u}};
  sampling::PhiloxKey k = {{0x89abcdefu, 0x01234567u}};
  const uint32_t direct = sampling::philox4x32_10(c, k).w[1];
  const uint32_t engine = sampling::philox_first_output(0x0123456789abcdefull, 7u, 5u);
  const int engine_bad = direct != engine;
  std::printf("{\"check\":\"engine\",\"ok\":%s}\n", engine_bad ? "false" : "true");
  const float u_max = sampling::philox_uniform_from_bits(0xffffffffu);
  const float u_min = sampling::philox_uniform_from_bits(0u);
  const int uniform_bad = !(u_max == 1.0f && u_min == 2.3283064365386963e-10f);
  std::printf("{\"check\":\"uniform\",\"ok\":%s}\n", uniform_bad ? "false" : "true");
  return (bad | engine_bad | uniform_bad) ? 1 : 0;
}
