// Sampling from logits with temperature: w = expf(x/T − max), replayed within LOGIT_REPLAY_MARGIN (GPU expf is not
// bit-specified), near-boundary rows counted and reported.
import { samplingSuite } from '../kit/sampling-suite.ts';

samplingSuite({
  family: 'logits',
  cases: (_vocab, batch) => [{ temperature: 1 }, { temperature: Math.fround(0.7) }, { temperature: Array.from({ length: batch }, (_v, r) => Math.fround([0.5, 1, 2][r % 3] as number)) }],
  badParams: [
    ['temperature 0', { temperature: 0 }, /temperature.*finite and > 0/],
    ['temperature -1', { temperature: -1 }, /temperature/],
    ['a per-row temperature of Infinity', { temperature: [1, Infinity] }, /temperature_arr'\[1\]/],
  ],
  chiSquareVocab: 1000,
});
