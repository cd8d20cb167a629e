// Unfiltered sampling from probabilities: the randomness contract. The rule (docs/design.md, "Randomness"): a
// philox-replay kernel uses subsequence = row and the caller's (seed, offset) and consumes exactly one uniform per
// row, the first output of that engine, u = 2^-32 + float(v)·2^-32 ∈ (0, 1]; every token with w_i > 0 is eligible.
// The sampling step (docs/design.md): with M = Σ_{e(i)} q_i the exact fixed-point mass of the eligible tokens and u
// the row's uniform (Philox, subsequence = row), the token is the smallest eligible i whose inclusive prefix
// C_i ≥ u·M; M = 0 or an invalid row gives token 0 and valid = 0.
// Checks (suites/kit/sampling-suite.ts), each kernel of the family held to what its manifest entry declares:
//   CPU: manifest (the family is declared, with its randomness and a launch for every shape); oracle consistency
//   (the reference passes its own checks on committed fixtures and saved regressions); parameter validation (bad
//   values rejected before launch, with the message below).
//   GPU: token in [0, vocab), unfiltered guarantee and exact replay on committed fixtures, at the largest uniform
//   (u = 1) and on fast-check rows; determinism and stream independence; chi-square agreement with the reference
//   (≥ 10^6 draws per case, Holm) and its power against tail loss; watchdog budget. Replay, tie policy and valid
//   flag run where the entry declares them and are recorded as not applicable otherwise.
// Cases: none (the row itself).
import { samplingSuite } from '../kit/sampling-suite.ts';

samplingSuite({
  family: 'sample',
  cases: () => [{}],
  badParams: [],
  chiSquareVocab: 111,
});
