/** The time budget of one call of an entry at one shape (docs/design.md, "Watchdog budget"). */
import type { LaunchShape, ManifestEntry } from './types.ts';

/**
 * The entry's own budget at `shape` when it declares one, else `fallbackMs` (the global watchdog budget).
 * `overrideMs` (an explicitly set global budget, e.g. raised for compute-sanitizer's 10–100× slowdown) wins over
 * both: a per-kernel budget measured on bare hardware means nothing under an instrumenting tool.
 */
export function budgetMsFor(entry: ManifestEntry, shape: LaunchShape, fallbackMs: number, overrideMs?: number): number {
  for (const [name, v] of [['fallbackMs', fallbackMs], ['overrideMs', overrideMs]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new RangeError(`${name} must be a finite number of ms > 0, got ${String(v)}`);
  }
  if (!(Number.isInteger(shape.batch) && shape.batch >= 1 && Number.isInteger(shape.vocab) && shape.vocab >= 1)) {
    throw new RangeError(`shape must have integer batch and vocab ≥ 1, got ${shape.batch} × ${shape.vocab}`);
  }
  if (overrideMs !== undefined) return overrideMs;
  const b = entry.budget;
  if (b === undefined) return fallbackMs;
  return b.baseMs + (b.msPerMElement * shape.batch * shape.vocab) / 1e6;
}
