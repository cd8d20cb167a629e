// Inclusive prefix sum. The rule (docs/design.md, "Row outputs of invalid rows"): prefix sum writes the plain IEEE
// result (NaN and ±inf pass through) and reports the row through valid = 0; a row is valid when every entry is
// finite and ≥ 0, and a valid row's output is non-decreasing (a monotone CDF). Every row agrees with the float64
// prefix within (log2(vocab) + 2)·2^-24·4 of the prefix of |x| (any fp32 association order).
// Checks (suites/kit/transform-suite.ts, contract in suites/kit/transform-contracts.ts):
//   CPU: manifest (declared without randomness, a launch for every FlashInfer shape); oracle consistency (the
//   reference passes its own checks on fixtures, regressions, edge rows and fast-check rows); parameter validation.
//   GPU: monotone CDF and agreement with the float64 prefix on committed fixtures, saved regressions and edge rows, and
//   on fast-check rows (invalid entries, ±inf, rows sparse across 2048-entry tiles); the valid flag of every row;
//   watchdog budget.
// Cases: none (the row itself).
import { transformSuite } from '../kit/transform-suite.ts';

transformSuite({
  family: 'prefix-sum',
  op: 'prefix-sum',
  cases: () => [{}],
  badParams: [],
});
