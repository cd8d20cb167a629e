// Top-k mask over logits: eligible logits are copied bit for bit, the rest become −inf, under the entry's tie
// policy (selection on the logits' own order); invalid rows → all −inf, valid = 0.
import { validFlagsMatch } from '../../src/checks/index.ts';
import { isValidLogitRow, maskLogits, topKMask } from '../../src/reference/index.ts';
import { referenceTiePolicy } from '../../src/manifest/index.ts';
import { agreesWithReference } from '../kit/agreement.ts';
import { transformSuite } from '../kit/transform-suite.ts';

transformSuite({
  family: 'topk',
  op: 'mask-logits',
  cases: (vocab, batch) => [...[1, 10, 100, 500, vocab].map((k) => ({ k })), { k: Array.from({ length: batch }, (_x, r) => 1 + (r % 5)) }],
  badParams: [['k = 0', { k: 0 }, /top_k/], ['a per-row k of -1', { k: [2, -1] }, /top_k_arr'\[1\]/]],
  checks: (e, rows, p, got) => {
    const want = new Float32Array(rows.data.length).fill(-Infinity);
    for (let r = 0; r < rows.batch; r++) {
      const row = rows.data.subarray(r * rows.vocab, (r + 1) * rows.vocab);
      if (!isValidLogitRow(row)) continue;
      const k = typeof p.k === 'number' ? p.k : ((p.k as readonly number[])[r] as number);
      want.set(maskLogits(row, topKMask(orderPreservingWeights(row), k, referenceTiePolicy(e))), r * rows.vocab);
    }
    return [validFlagsMatch(rows, got.valid, { rows: 'logits' }), agreesWithReference('top-k mask (bit for bit)', got.out, want, rows.vocab, { abs: 0, rel: 0 })];
  },
});

/**
 * topKMask takes a probability row; the kernel selects on the logits' own order. Replacing each logit by the rank of
 * its distinct value, scaled into (0, 1], keeps that order and its ties exactly (−inf included, as the lowest rank).
 */
function orderPreservingWeights(row: Float32Array): Float64Array {
  const distinct = [...new Set(row)].sort((a, b) => a - b);
  const rank = new Map(distinct.map((v, i) => [v, (i + 1) / distinct.length]));
  return Float64Array.from(row, (x) => rank.get(x) as number);
}
