// Unfiltered sampling from probabilities: Philox stream use (one uniform per row, subsequence = row), determinism,
// exact replay of the TypeScript Philox + reference, and chi-square agreement with the row itself.
import { samplingSuite } from '../kit/sampling-suite.ts';

samplingSuite({
  family: 'sample',
  cases: () => [{}],
  badParams: [],
  chiSquareVocab: 111,
});
