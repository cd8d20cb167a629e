// Softmax with optional temperature (contract: suites/kit/transform-contracts.ts): every valid row (validity of the
// scaled row) is a probability distribution; invalid rows are zeros with valid = 0; values agree with the float64
// reference within fp32 expf error.
import { transformSuite } from '../kit/transform-suite.ts';

transformSuite({
  family: 'softmax',
  op: 'softmax',
  cases: (_v, batch) => [{ temperature: 1 }, { temperature: Array.from({ length: batch }, (_x, r) => Math.fround([0.5, 1, 2][r % 3] as number)) }],
  badParams: [['temperature 0', { temperature: 0 }, /temperature.*finite and > 0/], ['a per-row temperature of NaN', { temperature: [1, NaN] }, /temperature_arr'\[1\]/]],
});
