// Chain speculative sampling: the emitted tokens are distributed as the target whatever the drafts (far from the
// target, close to it, equal to it, disjoint from it), the acceptance rate is Σ min(p_draft, p_target) per
// position, every output replays exactly, and bad inputs are rejected on the host or flagged invalid.
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
