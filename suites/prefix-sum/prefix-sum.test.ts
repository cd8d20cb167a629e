// Inclusive prefix sum: every row non-decreasing (monotone CDF), the last element matches the float64 row sum
// within log2(vocab)·2^-24 relative, and every element within the same bound of the float64 prefix.
import { isMonotoneNonDecreasing } from '../../src/checks/index.ts';
import { inclusivePrefixSum } from '../../src/reference/index.ts';
import { agreesWithReference } from '../kit/agreement.ts';
import { transformSuite } from '../kit/transform-suite.ts';

transformSuite({
  family: 'prefix-sum',
  op: 'prefix-sum',
  cases: () => [{}],
  badParams: [],
  checks: (_e, rows, _p, got) => {
    const rel = (Math.log2(rows.vocab) + 2) * 2 ** -24 * 4;
    const want = inclusivePrefixSum(rows);
    const valid = Array.from(got.valid, (v) => v === 1);
    const masked = Float64Array.from(want, (w, i) => (valid[Math.floor(i / rows.vocab)] ? w : 0));
    return [isMonotoneNonDecreasing({ data: got.out, batch: rows.batch, vocab: rows.vocab }), agreesWithReference('prefix sum (last = row sum)', got.out, masked, rows.vocab, { abs: 0, rel })];
  },
});
