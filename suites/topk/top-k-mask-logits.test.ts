// Top-k mask over logits (contract: suites/kit/transform-contracts.ts): eligible logits are copied bit for bit, the
// rest become −inf, under the entry's tie policy (selection on the logits' own order); invalid rows → all −inf,
// valid = 0.
import { transformSuite } from '../kit/transform-suite.ts';

transformSuite({
  family: 'topk',
  op: 'mask-logits',
  cases: (vocab, batch) => [...[1, 10, 100, 500, vocab].map((k) => ({ k })), { k: Array.from({ length: batch }, (_x, r) => 1 + (r % 5)) }],
  badParams: [['k = 0', { k: 0 }, /top_k/], ['a per-row k of -1', { k: [2, -1] }, /top_k_arr'\[1\]/]],
});
