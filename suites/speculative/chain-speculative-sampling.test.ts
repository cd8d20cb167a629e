// Chain speculative sampling. The rule (docs/design.md, "Speculative sampling"): draft token x_j is accepted
// iff p_t > 0 and u_j·p_d ≤ p_t (float64), i.e. with probability min(1, p_t/p_d); after the first rejection the
// token is drawn by the sampling step from the residual max(0, q_t − q_d), after n acceptances from the bonus row;
// for normalized rows each emitted token is distributed as its target row and the acceptance rate of position j is
// Σ min(p_d, p_t). Invalid inputs (a draft token outside [0, vocab), a row not normalized within 2^-10) give token 0
// then −1, accepted = emitted = 0, valid = 0, and are rejected on the host before launch.
// Checks (suites/kit/speculative-suite.ts):
//   CPU: manifest (draft + 1 Philox uniforms per row); oracle consistency on every pair kind and bad row;
//   parameter validation; statistical power against the mutation corpus's planted bugs, and a CPU stand-in of the
//   kernel showing the checks catch them.
//   GPU: valid outputs, layout, invalid rows and exact replay; emitted tokens distributed as the target and the
//   acceptance rate (≥ 10^6 draws per position, chi-square with Holm, binomial with Bonferroni); watchdog budget.
// Cases: drafts far from, close to, equal to and disjoint from the target.
import { speculativePair } from '../kit/speculative-inputs.ts';
import { speculativeSuite } from '../kit/speculative-suite.ts';

/** Small vocabularies keep ≥ 10^6 draws per position affordable; the budget and replay blocks use LLM sizes. */
const VOCAB = 128;

speculativeSuite({
  family: 'speculative',
  statCases: () => [
    { name: 'far drafts (draft 1)', pair: speculativePair('far', 1, VOCAB, 'statistics-far'), positions: [0] },
    { name: 'close drafts (draft 3)', pair: speculativePair('close', 3, VOCAB, 'statistics-close'), positions: [0, 1, 2, 3] },
    { name: 'drafts equal to the target (draft 4)', pair: speculativePair('equal', 4, VOCAB, 'statistics-equal'), positions: [0, 1, 2, 3, 4] },
    { name: 'drafts disjoint from the target (draft 2)', pair: speculativePair('disjoint', 2, VOCAB, 'statistics-disjoint'), positions: [0] },
  ],
});
