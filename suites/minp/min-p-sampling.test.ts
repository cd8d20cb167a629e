// Min-p sampling. The rule (docs/design.md, "Sampling step"): token i is eligible iff
// w_i ≥ fl32(min_p · max_j w_j) (one fp32 multiply); min_p ∈ [0, 1]; 0 a no-op.
// The sampling step (docs/design.md): with M = Σ_{e(i)} q_i the exact fixed-point mass of the eligible tokens and u
// the row's uniform (Philox, subsequence = row), the token is the smallest eligible i whose inclusive prefix
// C_i ≥ u·M; M = 0 or an invalid row gives token 0 and valid = 0.
// Checks (suites/kit/sampling-suite.ts), each kernel of the family held to what its manifest entry declares:
//   CPU: manifest (the family is declared, with its randomness and a launch for every shape); oracle consistency
//   (the reference passes its own checks on committed fixtures and saved regressions); parameter validation (bad
//   values rejected before launch, with the message below).
//   GPU: token in [0, vocab), min-p guarantee and exact replay on committed fixtures, at the largest uniform
//   (u = 1) and on fast-check rows; determinism and stream independence; chi-square agreement with the reference
//   (≥ 10^6 draws per case, Holm) and its power against tail loss; watchdog budget. Replay, tie policy and valid
//   flag run where the entry declares them and are recorded as not applicable otherwise.
// Cases: min_p ∈ {0, 0.05, 0.1, 0.5, 1} and per-row min_p.
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
