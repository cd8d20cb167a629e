// Top-p sampling under both tie policies: p ∈ {0.1, 0.5, 0.9, 1.0} and per-row p.
import { samplingSuite } from '../kit/sampling-suite.ts';

samplingSuite({
  family: 'topp',
  cases: (_vocab, batch) => [
    ...[0.1, 0.5, 0.9, 1.0].map((p) => ({ p: Math.fround(p) })),
    { p: Array.from({ length: batch }, (_v, r) => Math.fround([0.1, 0.5, 0.9, 1][r % 4] as number)) },
  ],
  badParams: [
    ['p = 0', { p: 0 }, /top_p.*\(0, 1\], got 0/],
    ['p > 1', { p: 1.01 }, /top_p/],
    ['p = NaN', { p: NaN }, /top_p/],
    ['a per-row p of -0.5', { p: [0.5, -0.5] }, /top_p_arr'\[1\]/],
  ],
  chiSquareVocab: 1000,
});
