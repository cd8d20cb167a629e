/**
 * Test oracles: the filters computed the obvious way, by a full sort, to cross-check the histogram selection.
 * Deliberately independent of the production code paths (only the shared fixed-point rule is reused).
 */
import fc from 'fast-check';
import type { TiePolicy } from '../../src/types.ts';
import { quantizeWeight } from '../../src/reference/fixed-point.ts';

/** Indices in the order "weight descending, index ascending". */
export function descendingOrder(row: ArrayLike<number>): number[] {
  return Array.from({ length: row.length }, (_, i) => i).sort(
    (a, b) => (row[b] as number) - (row[a] as number) || a - b,
  );
}

function maskFromPrefix(row: ArrayLike<number>, order: number[], length: number, policy: TiePolicy): Uint8Array {
  const mask = new Uint8Array(row.length);
  const prefix = order.slice(0, length);
  for (const i of prefix) mask[i] = 1;
  if (policy === 'ties-kept' && prefix.length > 0) {
    const boundary = row[prefix[prefix.length - 1] as number] as number;
    for (let i = 0; i < row.length; i++) if (row[i] === boundary) mask[i] = 1;
  }
  return mask;
}

export function oracleTopK(row: ArrayLike<number>, k: number, policy: TiePolicy): Uint8Array {
  return maskFromPrefix(row, descendingOrder(row), Math.min(k, row.length), policy);
}

/** Nucleus among `candidates` (indices), target `fl32(p)` times their fixed-point mass. */
export function oracleTopPAmong(
  row: ArrayLike<number>,
  p: number,
  policy: TiePolicy,
  candidates: number[],
): Uint8Array {
  const order = descendingOrder(row).filter((i) => candidates.includes(i));
  const total = order.reduce((s, i) => s + quantizeWeight(row[i] as number), 0);
  const target = Math.fround(p) * total;
  let cumulative = 0;
  let length = 0;
  while (length < order.length && cumulative < target) {
    cumulative += quantizeWeight(row[order[length] as number] as number);
    length++;
  }
  const mask = maskFromPrefix(row, order, length, policy);
  if (policy === 'ties-kept') for (let i = 0; i < mask.length; i++) if (!candidates.includes(i)) mask[i] = 0;
  return mask;
}

export function oracleTopP(row: ArrayLike<number>, p: number, policy: TiePolicy): Uint8Array {
  if (Math.fround(p) === 1) return new Uint8Array(row.length).fill(1);
  return oracleTopPAmong(row, p, policy, Array.from({ length: row.length }, (_, i) => i));
}

/** Valid fp32 probability rows with frequent ties and zeros (weights need not sum to 1). */
export const probRow = (maxLength = 40): fc.Arbitrary<Float32Array> =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(0, 0.5, 0.25, 0.125, 0.1, 0.05),
        fc.float({ min: 0, max: 1, noNaN: true }),
        fc.float({ min: Math.fround(1e-9), max: Math.fround(1e-3), noNaN: true }),
      ),
      { minLength: 1, maxLength },
    )
    .map((xs) => {
      const row = new Float32Array(xs);
      if (!row.some((w) => w >= 2 ** -32)) row[0] = 0.5;
      return row;
    });

/** Rows with pairwise distinct positive weights (no ties). */
export const distinctRow = (maxLength = 40): fc.Arbitrary<Float32Array> =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength })
    .map((xs) => new Float32Array(xs.map((x) => x / 1_000_000)));
