/**
 * A fast CPU stand-in for the speculative kernel on rows that all hold one pair, for the suite's CPU blocks: it
 * shows the statistics reject the planted bugs of the mutation corpus (and accept the correct sampler) without a
 * GPU. It precomputes the fixed-point prefix tables of the pair once, so a row costs a few binary searches; with no
 * bug it is exactly the reference (speculative-cpu-sampler.test.ts replays one against the other). The bugs mirror
 * mutants/corpus.ts:
 * - `residual-unnormalized`: the residual is sampled as if it summed to 1 (target u·2^32 over the residual
 *   masses), and a draw past its end falls back to the last token;
 * - `bonus-from-draft`: when every draft is accepted, the bonus token is drawn from the last draft row instead of
 *   target row `draft`.
 */
import { FIXED_POINT_ONE } from '../../src/reference/fixed-point.ts';
import { acceptDraft, massesOf, positionLaw, residualMasses } from '../../src/reference/speculative.ts';
import { rowUniformStreams } from '../../src/rng/index.ts';
import type { SpeculativeLaunch } from './speculative-checks.ts';
import type { SpeculativePair } from './speculative-inputs.ts';

export const PLANTED_BUGS = ['residual-unnormalized', 'bonus-from-draft'] as const;
export type PlantedBug = (typeof PLANTED_BUGS)[number];

/** Inclusive prefix sums of integer masses. */
function prefixOf(masses: ArrayLike<number>): Float64Array {
  const out = new Float64Array(masses.length);
  let c = 0;
  for (let i = 0; i < masses.length; i++) out[i] = c += masses[i] as number;
  return out;
}

/** Smallest i with prefix[i] ≥ target, or -1 when the prefix never reaches it. */
function search(prefix: Float64Array, target: number): number {
  if (!((prefix[prefix.length - 1] as number) >= target)) return -1;
  let lo = 0;
  let hi = prefix.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((prefix[mid] as number) >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

interface Tables {
  readonly residual: Float64Array[];
  readonly bonus: Float64Array;
}

function tablesOf(pair: SpeculativePair, bug: PlantedBug | null): Tables {
  const row = (rows: Float32Array, j: number): Float32Array => rows.subarray(j * pair.vocab, (j + 1) * pair.vocab);
  const residual = Array.from({ length: pair.draft }, (_, j) => prefixOf(residualMasses(row(pair.targetRows, j), row(pair.draftRows, j))));
  const bonusRow = bug === 'bonus-from-draft' ? row(pair.draftRows, pair.draft - 1) : row(pair.targetRows, pair.draft);
  return { residual, bonus: prefixOf(massesOf(bonusRow)) };
}

/**
 * `draftTokens` (rows × draft) sampled as the kernel would with (seed, offset): uniforms from
 * rowUniformStreams(seed, offset, rows, draft + 1). Every row is valid (the pair is).
 */
export function simulatePair(pair: SpeculativePair, draftTokens: Int32Array, seed: bigint, offset: bigint, bug: PlantedBug | null = null): SpeculativeLaunch {
  const n = pair.draft;
  const v = pair.vocab;
  const rows = draftTokens.length / n;
  const t = tablesOf(pair, bug);
  const u = rowUniformStreams(seed, offset, rows, n + 1);
  const out: SpeculativeLaunch = { tokens: new Int32Array(rows * (n + 1)).fill(-1), accepted: new Int32Array(rows), emitted: new Int32Array(rows), valid: new Int32Array(rows).fill(1), ms: 0 };
  for (let r = 0; r < rows; r++) {
    let accepted = 0;
    let emitted = n;
    for (let j = 0; j < n; j++) {
      const x = draftTokens[r * n + j] as number;
      const ok = acceptDraft(u[r * (n + 1) + j] as number, pair.draftRows[j * v + x] as number, pair.targetRows[j * v + x] as number);
      if (ok) accepted++;
      else if (emitted === n) emitted = j;
    }
    const prefix = emitted < n ? (t.residual[emitted] as Float64Array) : t.bonus;
    const ud = u[r * (n + 1) + n] as number;
    const total = bug === 'residual-unnormalized' && emitted < n ? FIXED_POINT_ONE : (prefix[v - 1] as number);
    const hit = search(prefix, ud * total);
    out.tokens.set(draftTokens.subarray(r * n, r * n + emitted), r * (n + 1));
    out.tokens[r * (n + 1) + emitted] = hit < 0 ? v - 1 : hit;
    out.accepted[r] = accepted;
    out.emitted[r] = emitted;
  }
  return out;
}

/**
 * The exact law of the token emitted at position j (given j is reached) under `bug`, for a continuous uniform:
 * what simulatePair draws from. Without a bug it is the target row's fixed-point law at every position; the
 * suite's power statement compares the buggy laws with that.
 */
export function emissionLaw(pair: SpeculativePair, j: number, bug: PlantedBug | null): Float64Array {
  const v = pair.vocab;
  const row = (rows: Float32Array, k: number): Float32Array => rows.subarray(k * v, (k + 1) * v);
  const normalize = (m: ArrayLike<number>, scale: number): Float64Array => Float64Array.from(m as ArrayLike<number>, (x) => x / scale);
  if (j === pair.draft) {
    const bonus = massesOf(bug === 'bonus-from-draft' ? row(pair.draftRows, j - 1) : row(pair.targetRows, j));
    return normalize(bonus, bonus.reduce((a, b) => a + b, 0));
  }
  const d = row(pair.draftRows, j);
  const t = row(pair.targetRows, j);
  const qd = massesOf(d);
  const qdTotal = qd.reduce((a, b) => a + b, 0);
  const law = new Float64Array(v);
  for (let i = 0; i < v; i++) {
    const pd = d[i] as number;
    const pt = t[i] as number;
    law[i] = ((qd[i] as number) / qdTotal) * (pt <= 0 ? 0 : pd <= pt ? 1 : pt / pd);
  }
  const { acceptance } = positionLaw(d, t);
  const r = residualMasses(t, d);
  const total = r.reduce((a, b) => a + b, 0);
  // the draw's target u·scale is uniform on (0, scale]: token i takes the part of (C_{i-1}, C_i] below scale
  const scale = bug === 'residual-unnormalized' ? FIXED_POINT_ONE : total;
  let c = 0;
  for (let i = 0; i < v; i++) {
    const covered = Math.max(0, Math.min(c + (r[i] as number), scale) - c);
    law[i] = (law[i] as number) + ((1 - acceptance) * covered) / scale;
    c += r[i] as number;
  }
  if (scale > total) law[v - 1] = (law[v - 1] as number) + ((1 - acceptance) * (scale - total)) / scale;
  return law;
}
