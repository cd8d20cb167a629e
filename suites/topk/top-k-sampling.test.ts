// Top-k sampling under both tie policies: k ∈ {1, 10, 100, 500, ≥ vocab} and per-row k.
import { samplingSuite } from '../kit/sampling-suite.ts';

samplingSuite({
  family: 'topk',
  cases: (vocab, batch) => [
    ...[1, 10, 100, 500, vocab, vocab + 1].map((k) => ({ k })),
    { k: Array.from({ length: batch }, (_v, r) => 1 + (r * 7) % Math.max(1, vocab)) },
  ],
  badParams: [
    ['k = 0', { k: 0 }, /top_k.*\[1, 2147483647\], got 0/],
    ['k = -3', { k: -3 }, /top_k/],
    ['fractional k', { k: 2.5 }, /top_k/],
    ['k ≥ 2^31', { k: 2 ** 31 }, /top_k/],
    ['a per-row k of 0', { k: [3, 0] }, /top_k_arr'\[1\]/],
  ],
  chiSquareVocab: 1000,
});
