// Top-k sampling. The rule (docs/design.md, "Sampling step"): token i is eligible iff it is among the k largest
// weights; k ≥ vocab is a no-op; k ∈ [1, 2^31 - 1]. Tie policies: ties-kept makes every token equal to the k-th
// largest value eligible; exact orders by weight descending then index ascending and takes exactly the first k.
// The sampling step (docs/design.md): with M = Σ_{e(i)} q_i the exact fixed-point mass of the eligible tokens and u
// the row's uniform (Philox, subsequence = row), the token is the smallest eligible i whose inclusive prefix
// C_i ≥ u·M; M = 0 or an invalid row gives token 0 and valid = 0.
// Checks (suites/kit/sampling-suite.ts), each kernel of the family held to what its manifest entry declares:
//   CPU: manifest (the family is declared, with its randomness and a launch for every shape); oracle consistency
//   (the reference passes its own checks on committed fixtures and saved regressions); parameter validation (bad
//   values rejected before launch, with the message below).
//   GPU: token in [0, vocab), top-k guarantee and exact replay on committed fixtures, at the largest uniform
//   (u = 1) and on fast-check rows; determinism and stream independence; chi-square agreement with the reference
//   (≥ 10^6 draws per case, Holm) and its power against tail loss; watchdog budget. Replay, tie policy and valid
//   flag run where the entry declares them and are recorded as not applicable otherwise.
// Cases: k ∈ {1, 10, 100, 500, vocab, vocab + 1} and per-row k.
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
