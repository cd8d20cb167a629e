// Temperature scaling: one correctly rounded fp32 division per entry, bit for bit with the reference; invalid
// rows (or T out of range) → all −inf, valid = 0.
import { validFlagsMatch } from '../../src/checks/index.ts';
import { applyTemperature, isValidLogitRow } from '../../src/reference/index.ts';
import { agreesWithReference } from '../kit/agreement.ts';
import { transformSuite } from '../kit/transform-suite.ts';

transformSuite({
  family: 'temperature',
  op: 'temperature',
  cases: (_v, batch) => [{ temperature: 1 }, { temperature: Math.fround(0.7) }, { temperature: Array.from({ length: batch }, (_x, r) => Math.fround([0.5, 1, 2][r % 3] as number)) }],
  badParams: [['temperature 0', { temperature: 0 }, /temperature.*finite and > 0/], ['temperature -2', { temperature: -2 }, /temperature/], ['a per-row temperature of Infinity', { temperature: [1, Infinity] }, /temperature_arr'\[1\]/]],
  checks: (_e, rows, p, got) => {
    const scaled = applyTemperature(rows, p.temperature ?? 1);
    const want = scaled.data.slice();
    for (let r = 0; r < rows.batch; r++) if (!isValidLogitRow(want.subarray(r * rows.vocab, (r + 1) * rows.vocab))) want.fill(-Infinity, r * rows.vocab, (r + 1) * rows.vocab);
    return [validFlagsMatch(scaled, got.valid, { rows: 'logits' }), agreesWithReference('temperature (bit for bit)', got.out, want, rows.vocab, { abs: 0, rel: 0 })];
  },
});
