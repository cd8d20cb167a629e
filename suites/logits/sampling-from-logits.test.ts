// Sampling from logits with temperature. The rule (docs/design.md, "Numbers" and "Sampling step"): a logit row is
// valid iff no entry is NaN or +inf and at least one entry is finite; weights are w_i = exp(x_i/T − max) (fp32 expf
// on the GPU, so the logit path is replayed within LOGIT_REPLAY_MARGIN, not bit for bit; near-boundary rows are
// counted and reported); every token with w_i > 0 is eligible.
// The sampling step (docs/design.md): with M = Σ_{e(i)} q_i the exact fixed-point mass of the eligible tokens and u
// the row's uniform (Philox, subsequence = row), the token is the smallest eligible i whose inclusive prefix
// C_i ≥ u·M; M = 0 or an invalid row gives token 0 and valid = 0.
// Checks (suites/kit/sampling-suite.ts), each kernel of the family held to what its manifest entry declares:
//   CPU: manifest (the family is declared, with its randomness and a launch for every shape); oracle consistency
//   (the reference passes its own checks on committed fixtures and saved regressions); parameter validation (bad
//   values rejected before launch, with the message below).
//   GPU: token in [0, vocab), logit-row guarantee and exact replay on committed fixtures, at the largest uniform
//   (u = 1) and on fast-check rows; determinism and stream independence; chi-square agreement with the reference
//   (≥ 10^6 draws per case, Holm) and its power against tail loss; watchdog budget. Replay, tie policy and valid
//   flag run where the entry declares them and are recorded as not applicable otherwise.
// Cases: T ∈ {1, 0.7} and per-row T.
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
