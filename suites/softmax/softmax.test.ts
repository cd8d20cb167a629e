// Softmax with optional temperature. The rule (docs/design.md, "Numbers" and "Row outputs of invalid rows"): the
// validity of the scaled logit row decides the row; a valid row's output is a probability distribution that agrees
// with the float64 reference within fp32 expf error; an invalid row's probability outputs are all 0, valid = 0.
// Checks (suites/kit/transform-suite.ts, contract in suites/kit/transform-contracts.ts):
//   CPU: manifest (declared without randomness, a launch for every FlashInfer shape); oracle consistency (the
//   reference passes its own checks on fixtures, regressions, edge rows and fast-check rows); parameter validation.
//   GPU: distribution and agreement with the reference on committed fixtures, saved regressions and edge rows, and on
//   fast-check rows (invalid entries, ±inf, rows sparse across 2048-entry tiles); the valid flag of every row; watchdog
//   budget.
// Cases: T = 1 and per-row T.
import { transformSuite } from '../kit/transform-suite.ts';

transformSuite({
  family: 'softmax',
  op: 'softmax',
  cases: (_v, batch) => [{ temperature: 1 }, { temperature: Array.from({ length: batch }, (_x, r) => Math.fround([0.5, 1, 2][r % 3] as number)) }],
  badParams: [['temperature 0', { temperature: 0 }, /temperature.*finite and > 0/], ['a per-row temperature of NaN', { temperature: [1, NaN] }, /temperature_arr'\[1\]/]],
});
