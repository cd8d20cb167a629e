// Fused top-k + top-p sampling. The rule (docs/design.md, "Sampling step"): top-k then top-p keeps the nucleus with
// mass ≥ p · M_k inside the top-k set (M_k its mass); joint top-k, top-p keeps the tokens in the top-k set and in
// the top-p nucleus of the full row. Both tie policies (ties-kept, exact) as for top-k and top-p alone.
// The sampling step (docs/design.md): with M = Σ_{e(i)} q_i the exact fixed-point mass of the eligible tokens and u
// the row's uniform (Philox, subsequence = row), the token is the smallest eligible i whose inclusive prefix
// C_i ≥ u·M; M = 0 or an invalid row gives token 0 and valid = 0.
// Checks (suites/kit/sampling-suite.ts), each kernel of the family held to what its manifest entry declares:
//   CPU: manifest (the family is declared, with its randomness and a launch for every shape); oracle consistency
//   (the reference passes its own checks on committed fixtures and saved regressions); parameter validation (bad
//   values rejected before launch, with the message below).
//   GPU: token in [0, vocab), fused filter guarantee and exact replay on committed fixtures, at the largest uniform
//   (u = 1) and on fast-check rows; determinism and stream independence; chi-square agreement with the reference
//   (≥ 10^6 draws per case, Holm) and its power against tail loss; watchdog budget. Replay, tie policy and valid
//   flag run where the entry declares them and are recorded as not applicable otherwise.
// Cases: (k, p) pairs from narrow to no-op, and per-row k and p.
import { samplingSuite } from '../kit/sampling-suite.ts';

samplingSuite({
  family: 'fused',
  cases: (vocab, batch) => [
    { k: 10, p: Math.fround(0.5) },
    { k: 100, p: Math.fround(0.9) },
    { k: 500, p: Math.fround(0.1) },
    { k: vocab, p: 1 },
    { k: Array.from({ length: batch }, (_v, r) => 1 + (r * 13) % Math.max(1, vocab)), p: Array.from({ length: batch }, (_v, r) => Math.fround([0.1, 0.5, 0.9, 1][r % 4] as number)) },
  ],
  badParams: [
    ['k = 0', { k: 0, p: 0.5 }, /top_k/],
    ['p = 0', { k: 5, p: 0 }, /top_p/],
    ['a per-row p above 1', { k: 5, p: [0.5, 2] }, /top_p_arr'\[1\]/],
  ],
  chiSquareVocab: 1000,
});
