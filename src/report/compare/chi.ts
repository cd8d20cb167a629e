/** Chi-square tests of both runs side by side, matched by kernel and case (the seed left out of the case). */
import type { ReportResults } from '../schema.ts';
import { stateLookup } from '../matrix.ts';
import type { ChiRow, ChiSide } from './model.ts';

/** "zipf params 3 seed=123" → "zipf params 3": runs with other seeds still line up. */
export const caseWithoutSeed = (c: string): string => c.replace(/\s*\bseed=\S+/g, '').trim();

function sides(r: ReportResults): Map<string, { kernel: string; case: string; side: ChiSide }> {
  const stateOf = stateLookup(r);
  const out = new Map<string, { kernel: string; case: string; side: ChiSide }>();
  for (const k of Object.values(r.kernels)) {
    for (const c of k.chiSquare) {
      const name = caseWithoutSeed(c.case);
      const side: ChiSide = {
        pValue: c.pValue,
        ...(c.holmAdjusted === undefined ? {} : { holmAdjusted: c.holmAdjusted }),
        minDetectableTv: c.minDetectableTv,
        power: c.power,
        failed: stateOf(c.test) === 'failed',
      };
      out.set(`${c.kernel}\u0000${name}`, { kernel: c.kernel, case: name, side });
    }
  }
  return out;
}

export function compareChiSquare(base: ReportResults, head: ReportResults): ChiRow[] {
  const b = sides(base);
  const h = sides(head);
  return [...new Set([...b.keys(), ...h.keys()])].sort().map((k) => {
    const id = (b.get(k) ?? h.get(k)) as { kernel: string; case: string };
    const bs = b.get(k)?.side;
    const hs = h.get(k)?.side;
    return { kernel: id.kernel, case: id.case, ...(bs === undefined ? {} : { base: bs }), ...(hs === undefined ? {} : { head: hs }) };
  });
}
