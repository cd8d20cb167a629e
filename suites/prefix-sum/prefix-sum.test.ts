// Inclusive prefix sum (contract: suites/kit/transform-contracts.ts): a row is valid when every entry is finite and
// ≥ 0; valid rows are non-decreasing (monotone CDF); every row, invalid ones included (a plain IEEE scan, NaN and
// ±inf propagate), agrees with the float64 prefix within (log2(vocab) + 2)·2^-24·4 of the prefix of |x|.
import { transformSuite } from '../kit/transform-suite.ts';

transformSuite({
  family: 'prefix-sum',
  op: 'prefix-sum',
  cases: () => [{}],
  badParams: [],
});
