// Top-k / top-p renormalized probabilities. The rule (docs/design.md, "Sampling step" and "Row outputs of invalid
// rows"; reference renormProbs in src/reference/renorm.ts): out_i = fp32(w_i·2^32 / M) on the eligible set of the
// filter (M its exact fixed-point mass), 0 elsewhere, so every valid row is a distribution; an invalid row's
// probability outputs are all 0, valid = 0.
// Checks (suites/kit/transform-suite.ts, contract in suites/kit/transform-contracts.ts):
//   CPU: manifest (declared without randomness, a launch for every FlashInfer shape); oracle consistency (the
//   reference passes its own checks on fixtures, regressions, edge rows and fast-check rows); parameter validation.
//   GPU: distribution and agreement with the reference (one fp32 rounding) on committed fixtures, saved regressions and
//   edge rows, and on fast-check rows (invalid entries, ±inf, rows sparse across 2048-entry tiles); the valid flag of
//   every row; watchdog budget.
// Cases: k ∈ {1, 10, 100, 500, vocab} and per-row k; p ∈ {0.1, 0.5, 0.9, 1} and per-row p.
import { transformSuite } from '../kit/transform-suite.ts';

for (const filter of ['top-k', 'top-p'] as const) {
  transformSuite({
    family: 'renorm',
    op: 'renorm',
    select: (e) => e.reference.filter === filter,
    cases: (vocab, batch) => (filter === 'top-k'
      ? [...[1, 10, 100, 500, vocab].map((k) => ({ k })), { k: Array.from({ length: batch }, (_x, r) => 1 + (r % 7)) }]
      : [...[0.1, 0.5, 0.9, 1].map((p) => ({ p: Math.fround(p) })), { p: Array.from({ length: batch }, (_x, r) => Math.fround([0.1, 0.9][r % 2] as number)) }]),
    badParams: filter === 'top-k' ? [['k = 0', { k: 0 }, /top_k/]] : [['p = 0', { p: 0 }, /top_p/]],
  });
}
