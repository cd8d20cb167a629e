// Top-k / top-p renormalized probabilities: out_i = fp32(w_i·2^32 / M) on the eligible set (M its exact fixed-point
// mass), 0 elsewhere; rows are distributions; invalid rows are zeros with valid = 0.
import { isValidDistribution, validFlagsMatch } from '../../src/checks/index.ts';
import { eligibleMask, quantizeRow } from '../../src/reference/index.ts';
import { filterSpecOf } from '../kit/filter-of.ts';
import { agreesWithReference } from '../kit/agreement.ts';
import { transformSuite } from '../kit/transform-suite.ts';
import type { ManifestEntry } from '../../src/manifest/index.ts';
import type { FilterParams } from '../kit/filter-of.ts';
import type { RowBatch } from '../../src/types.ts';

function expected(e: ManifestEntry, rows: RowBatch<Float32Array>, p: FilterParams): Float64Array {
  const out = new Float64Array(rows.data.length);
  const spec = filterSpecOf(e, p);
  for (let r = 0; r < rows.batch; r++) {
    const row = rows.data.subarray(r * rows.vocab, (r + 1) * rows.vocab);
    const q = quantizeRow(row);
    if (q === null) continue;
    const mask = eligibleMask(row, spec, r);
    let m = 0;
    for (let i = 0; i < row.length; i++) if (mask[i] === 1) m += q[i] as number;
    if (m === 0) continue;
    for (let i = 0; i < row.length; i++) if (mask[i] === 1) out[r * rows.vocab + i] = Math.fround(((row[i] as number) * 2 ** 32) / m);
  }
  return out;
}

for (const filter of ['top-k', 'top-p'] as const) {
  transformSuite({
    family: 'renorm',
    op: 'renorm',
    select: (e) => e.reference.filter === filter,
    cases: (vocab, batch) => (filter === 'top-k'
      ? [...[1, 10, 100, 500, vocab].map((k) => ({ k })), { k: Array.from({ length: batch }, (_x, r) => 1 + (r % 7)) }]
      : [...[0.1, 0.5, 0.9, 1].map((p) => ({ p: Math.fround(p) })), { p: Array.from({ length: batch }, (_x, r) => Math.fround([0.1, 0.9][r % 2] as number)) }]),
    badParams: filter === 'top-k' ? [['k = 0', { k: 0 }, /top_k/]] : [['p = 0', { p: 0 }, /top_p/]],
    checks: (e, rows, p, got) => {
      const out = { data: got.out, batch: rows.batch, vocab: rows.vocab };
      return [
        validFlagsMatch(rows, got.valid),
        isValidDistribution(out, 1e-5, got.valid),
        agreesWithReference(`${filter} renorm values`, got.out, expected(e, rows, p), rows.vocab, { abs: 0, rel: 2 ** -23 }),
      ];
    },
  });
}
