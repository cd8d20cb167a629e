// Top-k mask over logits. The rule (docs/design.md, "Sampling step" and "Row outputs of invalid rows"): the
// eligible logits (the k largest under the entry's tie policy, selected on the logits' own order) are copied bit for
// bit and the others become −inf; an invalid logit row's outputs are all −inf, valid = 0.
// Checks (suites/kit/transform-suite.ts, contract in suites/kit/transform-contracts.ts):
//   CPU: manifest (declared without randomness, a launch for every FlashInfer shape); oracle consistency (the
//   reference passes its own checks on fixtures, regressions, edge rows and fast-check rows); parameter validation.
//   GPU: bit-for-bit agreement with the mask on committed fixtures, saved regressions and edge rows, and on fast-check
//   rows (invalid entries, ±inf, rows sparse across 2048-entry tiles); the valid flag of every row; watchdog budget.
// Cases: k ∈ {1, 10, 100, 500, vocab} and per-row k.
import { transformSuite } from '../kit/transform-suite.ts';

transformSuite({
  family: 'topk',
  op: 'mask-logits',
  cases: (vocab, batch) => [...[1, 10, 100, 500, vocab].map((k) => ({ k })), { k: Array.from({ length: batch }, (_x, r) => 1 + (r % 5)) }],
  badParams: [['k = 0', { k: 0 }, /top_k/], ['a per-row k of -1', { k: [2, -1] }, /top_k_arr'\[1\]/]],
});
