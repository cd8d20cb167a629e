// Top-k / top-p renormalized probabilities (contract: suites/kit/transform-contracts.ts): out_i = fp32(w_i·2^32 / M)
// on the eligible set (M its exact fixed-point mass), 0 elsewhere; rows are distributions; invalid rows are zeros
// with valid = 0.
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
