// Top-p sampling. The rule (docs/design.md, "Sampling step"): token i is eligible iff it is in the minimal nucleus
// of highest weights whose mass Σq ≥ p·T (float64 product, T = Σ q); p ∈ (0, 1], p = 1 a no-op. Tie policies:
// ties-kept makes every token equal to the smallest value in the nucleus eligible; exact orders by weight
// descending then index ascending and takes the minimal prefix of that order reaching the mass.
// The sampling step (docs/design.md): with M = Σ_{e(i)} q_i the exact fixed-point mass of the eligible tokens and u
// the row's uniform (Philox, subsequence = row), the token is the smallest eligible i whose inclusive prefix
// C_i ≥ u·M; M = 0 or an invalid row gives token 0 and valid = 0.
// Checks (suites/kit/sampling-suite.ts), each kernel of the family held to what its manifest entry declares:
//   CPU: manifest (the family is declared, with its randomness and a launch for every shape); oracle consistency
//   (the reference passes its own checks on committed fixtures and saved regressions); parameter validation (bad
//   values rejected before launch, with the message below).
//   GPU: token in [0, vocab), top-p guarantee and exact replay on committed fixtures, at the largest uniform
//   (u = 1) and on fast-check rows; determinism and stream independence; chi-square agreement with the reference
//   (≥ 10^6 draws per case, Holm) and its power against tail loss; watchdog budget. Replay, tie policy and valid
//   flag run where the entry declares them and are recorded as not applicable otherwise.
// Cases: p ∈ {0.1, 0.5, 0.9, 1.0} and per-row p.
import { samplingSuite } from '../kit/sampling-suite.ts';

samplingSuite({
  family: 'topp',
  cases: (_vocab, batch) => [
    ...[0.1, 0.5, 0.9, 1.0].map((p) => ({ p: Math.fround(p) })),
    { p: Array.from({ length: batch }, (_v, r) => Math.fround([0.1, 0.5, 0.9, 1][r % 4] as number)) },
  ],
  badParams: [
    ['p = 0', { p: 0 }, /top_p.*\(0, 1\], got 0/],
    ['p > 1', { p: 1.01 }, /top_p/],
    ['p = NaN', { p: NaN }, /top_p/],
    ['a per-row p of -0.5', { p: [0.5, -0.5] }, /top_p_arr'\[1\]/],
  ],
  chiSquareVocab: 1000,
});
