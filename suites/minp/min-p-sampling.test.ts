// Min-p sampling: min_p ∈ {0, 0.05, 0.1, 0.5, 1} and per-row min_p.
import { samplingSuite } from '../kit/sampling-suite.ts';

samplingSuite({
  family: 'minp',
  cases: (_vocab, batch) => [
    ...[0, 0.05, 0.1, 0.5, 1].map((m) => ({ minP: Math.fround(m) })),
    { minP: Array.from({ length: batch }, (_v, r) => Math.fround([0, 0.05, 0.5][r % 3] as number)) },
  ],
  badParams: [
    ['min_p < 0', { minP: -0.1 }, /min_p.*\[0, 1\]/],
    ['min_p > 1', { minP: 1.5 }, /min_p/],
    ['a per-row min_p of NaN', { minP: [0.1, NaN] }, /min_p_arr'\[1\]/],
  ],
  chiSquareVocab: 1000,
});
