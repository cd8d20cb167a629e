/** Compile-gate resources per kernel × target on both sides: registers, spills, shared memory, status. */
import { extractRows, type FlatRow } from '../artifact-rows.ts';
import { ARTIFACT_TABLES } from '../artifact-specs.ts';
import type { JsonValue } from '../schema.ts';
import type { GateChange } from './model.ts';

/** The resources a kernel change moves; NVIDIA and AMD targets name them differently. */
export const GATE_FIELDS = [
  'status', 'registers', 'vgprs', 'sgprs', 'agprs', 'sharedBytes', 'lds', 'spillStoreBytes', 'spillLoadBytes',
  'sgprSpills', 'vgprSpills', 'scratchBytesPerLane', 'stackBytes', 'occupancyWavesPerSimd',
] as const;

function gateRows(data: JsonValue): Map<string, FlatRow> {
  const spec = ARTIFACT_TABLES['compile-gates'];
  const shaped = spec.reshape === undefined ? data : spec.reshape(data);
  const { rows } = extractRows(shaped, 'compile-gates.json', spec.listKeys, spec.keyNames);
  return new Map(rows.map((r) => [`${String(r.kernel ?? r.file)}\u0000${String(r.target)}`, r]));
}

const value = (v: FlatRow[string] | undefined): string | number | null =>
  v === undefined || v === null ? null : typeof v === 'boolean' ? String(v) : v;

export function compareGates(base: JsonValue, head: JsonValue): { rows: GateChange[]; unchanged: number } {
  const b = gateRows(base);
  const h = gateRows(head);
  const rows: GateChange[] = [];
  let unchanged = 0;
  for (const k of [...new Set([...b.keys(), ...h.keys()])].sort()) {
    const [kernel = '?', target = '?'] = k.split('\u0000');
    const br = b.get(k);
    const hr = h.get(k);
    if (br === undefined || hr === undefined) {
      rows.push({ kernel, target, field: 'compiled', base: br === undefined ? 'absent' : 'present', head: hr === undefined ? 'absent' : 'present' });
      continue;
    }
    const changed = GATE_FIELDS
      .map((field) => ({ field, base: value(br[field]), head: value(hr[field]) }))
      .filter((c) => c.base !== c.head);
    if (changed.length === 0) unchanged += 1;
    for (const c of changed) rows.push({ kernel, target, ...c });
  }
  return { rows, unchanged };
}
