// Softmax with optional temperature: every valid row is a probability distribution; invalid rows are zeros with
// valid = 0; values agree with the float64 reference within fp32 expf error.
import { isValidDistribution, validFlagsMatch } from '../../src/checks/index.ts';
import { softmax } from '../../src/reference/index.ts';
import { agreesWithReference } from '../kit/agreement.ts';
import { transformSuite } from '../kit/transform-suite.ts';

transformSuite({
  family: 'softmax',
  op: 'softmax',
  cases: (_v, batch) => [{ temperature: 1 }, { temperature: Array.from({ length: batch }, (_x, r) => Math.fround([0.5, 1, 2][r % 3] as number)) }],
  badParams: [['temperature 0', { temperature: 0 }, /temperature.*finite and > 0/], ['a per-row temperature of NaN', { temperature: [1, NaN] }, /temperature_arr'\[1\]/]],
  checks: (_e, rows, p, got) => {
    const out = { data: got.out, batch: rows.batch, vocab: rows.vocab };
    const want = softmax(rows, p.temperature);
    return [
      validFlagsMatch(rows, got.valid, { rows: 'logits' }),
      isValidDistribution(out, 1e-5, got.valid),
      agreesWithReference('softmax values', got.out, want.probs, rows.vocab, { abs: 1e-7, rel: 1e-5 }),
    ];
  },
});
