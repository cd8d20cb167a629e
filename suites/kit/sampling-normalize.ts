/**
 * Rows for a kernel that assumes normalized input (manifest `assumes.normalized`): every valid probability row is
 * rescaled so that its entries, as the kernel reads them (fp32, f16 or bf16), sum to exactly 1. A kernel that
 * compares absolute mass with p is then held to the reference's nucleus (target p·T with T = 2^32 exactly), not to a
 * row that only sums to 1 up to rounding — bf16 rounding alone moves a row total by ~1e-3, which would move a nucleus
 * boundary by a token.
 *
 * Entries are multiples of 2^-32 (so the fixed-point total is exactly 2^32) with at most the format's significand
 * bits. The row is scaled by 1/Σw, each entry rounded to the nearest such value, and the remainder D = 2^32 − Σc (units of 2^-32)
 * is absorbed from the largest entry down (each entry takes what its spacing allows), then by zero entries. A row
 * whose remainder cannot be absorbed that way (a few coarse entries, no small or zero one) falls back to the
 * format's coarse exact grid (multiples of 2^-bits, every one representable), where the largest entry takes it.
 */
import type { ElementType } from '../../src/manifest/index.ts';
import { isValidProbRow } from '../../src/reference/index.ts';
import type { RowBatch } from '../../src/types.ts';

const UNITS = 2 ** 32;
const SIGNIFICAND_BITS: Readonly<Record<ElementType, number>> = { f32: 24, f16: 11, bf16: 8 };
/** f16 values below 2^-14 are subnormal, spaced 2^-24 = 2^8 units apart. */
const F16_SUBNORMAL_SPACING = 2 ** 8;

function exponentOf(x: number): number {
  let e = Math.floor(Math.log2(x));
  if (2 ** e > x) e--;
  if (2 ** (e + 1) <= x) e++;
  return e;
}

/** Units between x (≥ 1) and the next larger value the format represents on the 2^-32 grid. */
function spacingAt(x: number, type: ElementType): number {
  const spacing = 2 ** Math.max(0, exponentOf(x) - (SIGNIFICAND_BITS[type] - 1));
  return type === 'f16' ? Math.max(spacing, F16_SUBNORMAL_SPACING) : spacing;
}

/** Largest count of units ≤ x (x ≥ 0, an integer) whose value x·2^-32 the format represents. */
export function floorRepresentable(x: number, type: ElementType): number {
  if (x < 1) return 0;
  const spacing = spacingAt(x, type);
  return Math.floor(x / spacing) * spacing;
}

/** The representable count of units nearest to x (ties down): unbiased, so a row's remainder stays small. */
function nearestRepresentable(x: number, type: ElementType): number {
  const below = floorRepresentable(x, type);
  const above = below + spacingAt(Math.max(below, 1), type);
  return x - below <= above - x ? below : above;
}

/** Absorbs `deficit` units into `c` (largest entries first, then zeros); returns what is left. */
function absorb(c: Float64Array, deficit: number, type: ElementType): number {
  let d = deficit;
  const order = Array.from(c.keys()).sort((a, b) => (c[b] as number) - (c[a] as number) || a - b);
  if (d < 0) {
    // a total above 1 (rounding up): lower the largest entry, which leaves a non-negative remainder
    const top = order[0] as number;
    const lowered = floorRepresentable(Math.max(0, (c[top] as number) + d), type);
    d -= lowered - (c[top] as number);
    c[top] = lowered;
  }
  for (const i of order) {
    if (d === 0) return 0;
    if ((c[i] as number) === 0) continue;
    const grown = floorRepresentable((c[i] as number) + d, type);
    d -= grown - (c[i] as number);
    c[i] = grown;
  }
  for (const i of order) {
    if (d === 0) return 0;
    if ((c[i] as number) !== 0) continue;
    c[i] = floorRepresentable(d, type);
    d -= c[i] as number;
  }
  return d;
}

/** The coarse fallback: multiples of 2^-bits (rounded down, so the remainder is ≥ 0), the remainder on the largest entry. */
function coarseGrid(scaled: Float64Array, type: ElementType): Float64Array {
  const steps = 2 ** SIGNIFICAND_BITS[type];
  const m = Float64Array.from(scaled, (w) => Math.floor(w * steps));
  let top = 0;
  for (let i = 1; i < m.length; i++) if ((m[i] as number) > (m[top] as number)) top = i;
  m[top] = (m[top] as number) + steps - m.reduce((a, b) => a + b, 0);
  return Float64Array.from(m, (x) => x * (UNITS / steps));
}

/**
 * `row` rescaled to sum to exactly 1 in `type` (every entry representable in it, the fixed-point total 2^32); null
 * for a row that is not a valid probability row.
 */
export function normalizeRowExactly(row: ArrayLike<number>, type: ElementType): Float32Array | null {
  if (!isValidProbRow(row)) return null;
  let total = 0;
  for (let i = 0; i < row.length; i++) total += row[i] as number;
  const scaled = Float64Array.from(row, (w) => w / total);
  let c: Float64Array = Float64Array.from(scaled, (w) => nearestRepresentable(Math.round(w * UNITS), type));
  const left = absorb(c, UNITS - c.reduce((a, b) => a + b, 0), type);
  if (left !== 0) c = coarseGrid(scaled, type);
  return Float32Array.from(c, (x) => x / UNITS);
}

/** Every valid row of `rows` normalized exactly in `type`; invalid rows are left as they are. */
export function normalizeRowsExactly(rows: RowBatch<Float32Array>, type: ElementType): RowBatch<Float32Array> {
  const data = rows.data.slice();
  for (let r = 0; r < rows.batch; r++) {
    const normalized = normalizeRowExactly(rows.data.subarray(r * rows.vocab, (r + 1) * rows.vocab), type);
    if (normalized !== null) data.set(normalized, r * rows.vocab);
  }
  return { data, batch: rows.batch, vocab: rows.vocab };
}
