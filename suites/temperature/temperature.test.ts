// Temperature scaling (contract: suites/kit/transform-contracts.ts): one correctly rounded fp32 division per entry,
// bit for bit with the reference, on every row: NaN and ±inf pass through (an invalid row is scaled like any other
// and flagged valid = 0); only an out-of-range T gives all −inf, and the host rejects those before launch.
import { transformSuite } from '../kit/transform-suite.ts';

transformSuite({
  family: 'temperature',
  op: 'temperature',
  cases: (_v, batch) => [{ temperature: 1 }, { temperature: Math.fround(0.7) }, { temperature: Array.from({ length: batch }, (_x, r) => Math.fround([0.5, 1, 2][r % 3] as number)) }],
  badParams: [['temperature 0', { temperature: 0 }, /temperature.*finite and > 0/], ['temperature -2', { temperature: -2 }, /temperature/], ['a per-row temperature of Infinity', { temperature: [1, Infinity] }, /temperature_arr'\[1\]/]],
});
