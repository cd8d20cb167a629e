// Fused top-k + top-p sampling, both orders (topk-first, joint) and both tie policies, scalar and per-row.
import { samplingSuite } from '../kit/sampling-suite.ts';

samplingSuite({
  family: 'fused',
  cases: (vocab, batch) => [
    { k: 10, p: Math.fround(0.5) },
    { k: 100, p: Math.fround(0.9) },
    { k: 500, p: Math.fround(0.1) },
    { k: vocab, p: 1 },
    { k: Array.from({ length: batch }, (_v, r) => 1 + (r * 13) % Math.max(1, vocab)), p: Array.from({ length: batch }, (_v, r) => Math.fround([0.1, 0.5, 0.9, 1][r % 4] as number)) },
  ],
  badParams: [
    ['k = 0', { k: 0, p: 0.5 }, /top_k/],
    ['p = 0', { k: 5, p: 0 }, /top_p/],
    ['a per-row p above 1', { k: 5, p: [0.5, 2] }, /top_p_arr'\[1\]/],
  ],
  chiSquareVocab: 1000,
});
