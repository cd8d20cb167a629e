/**
 * An entry launched at a chosen split factor: the same entry with `launch.split.parts` (every split stage's) set to
 * a constant, so the binding, the workspace formula and the grid all see that factor through the one rule that
 * describes the kernel. Its range still applies: a factor outside [min, max] at the call's shape fails at bind time
 * naming `launch.split.parts`.
 */
import { ruleWithParts } from './launch.ts';
import { stagesOf } from './roles.ts';
import type { ManifestEntry } from './types.ts';

export function withSplitParts(entry: ManifestEntry, parts: number): ManifestEntry {
  if (!Number.isSafeInteger(parts) || parts < 1) throw new RangeError(`split factor must be a positive integer for '${entry.name}', got ${String(parts)}`);
  if (!stagesOf(entry).some((s) => s.launch.split !== undefined)) {
    throw new RangeError(`'${entry.name}' declares no launch.split: its launch has no split factor to choose`);
  }
  return {
    ...entry,
    launch: ruleWithParts(entry.launch, parts),
    stages: entry.stages.map((s) => ({ ...s, launch: ruleWithParts(s.launch, parts) })),
  };
}
