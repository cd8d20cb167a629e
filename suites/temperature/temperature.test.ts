// Temperature scaling. The rule (docs/design.md, "Row outputs of invalid rows"): temperature writes the plain IEEE
// result — one correctly rounded fp32 division per entry, bit for bit with the reference — on every row (NaN and
// ±inf pass through) and reports an invalid row through valid = 0; an out-of-range T (T ≤ 0 or not finite) is
// rejected on the host before launch, and inside the kernel gives all −inf.
// Checks (suites/kit/transform-suite.ts, contract in suites/kit/transform-contracts.ts):
//   CPU: manifest (declared without randomness, a launch for every FlashInfer shape); oracle consistency (the
//   reference passes its own checks on fixtures, regressions, edge rows and fast-check rows); parameter validation.
//   GPU: bit-for-bit agreement on committed fixtures, saved regressions and edge rows, and on fast-check rows (invalid
//   entries, ±inf, rows sparse across 2048-entry tiles); the valid flag of every row; watchdog budget.
// Cases: T ∈ {1, 0.7} and per-row T.
import { transformSuite } from '../kit/transform-suite.ts';

transformSuite({
  family: 'temperature',
  op: 'temperature',
  cases: (_v, batch) => [{ temperature: 1 }, { temperature: Math.fround(0.7) }, { temperature: Array.from({ length: batch }, (_x, r) => Math.fround([0.5, 1, 2][r % 3] as number)) }],
  badParams: [['temperature 0', { temperature: 0 }, /temperature.*finite and > 0/], ['temperature -2', { temperature: -2 }, /temperature/], ['a per-row temperature of Infinity', { temperature: [1, Infinity] }, /temperature_arr'\[1\]/]],
});
