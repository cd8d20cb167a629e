// Temperature scaling: one correctly rounded fp32 division per entry, bit for bit with the reference, on every row:
// the manifest declares that NaN and ±inf pass through (an invalid row is scaled like any other and flagged
// valid = 0); only an out-of-range T gives all −inf, and the host rejects those before launch.
import { validFlagsMatch } from '../../src/checks/index.ts';
import { applyTemperature } from '../../src/reference/index.ts';
import { agreesWithReference } from '../kit/agreement.ts';
import { transformSuite } from '../kit/transform-suite.ts';

transformSuite({
  family: 'temperature',
  op: 'temperature',
  cases: (_v, batch) => [{ temperature: 1 }, { temperature: Math.fround(0.7) }, { temperature: Array.from({ length: batch }, (_x, r) => Math.fround([0.5, 1, 2][r % 3] as number)) }],
  badParams: [['temperature 0', { temperature: 0 }, /temperature.*finite and > 0/], ['temperature -2', { temperature: -2 }, /temperature/], ['a per-row temperature of Infinity', { temperature: [1, Infinity] }, /temperature_arr'\[1\]/]],
  checks: (_e, rows, p, got) => {
    const scaled = applyTemperature(rows, p.temperature ?? 1);
    return [validFlagsMatch(scaled, got.valid, { rows: 'logits' }), agreesWithReference('temperature (bit for bit)', got.out, scaled.data, rows.vocab, { abs: 0, rel: 0 })];
  },
});
