/**
 * Whether this run has a usable GPU, and the one short note every skipped GPU test carries. detect()'s reason holds
 * the full dlopen and driver messages (hundreds of characters); that text is printed once, while each skipped test
 * says only e.g. "no GPU (cuda: no driver library; hip: driver but no device)".
 *
 * The decision is made once per run by the run's startup (a vitest globalSetup that provides it under
 * GPU_DECISION_KEY); a test file started without one (a custom config) decides for itself with detect(). No vitest
 * import here: the startup may use it too.
 */
import { detect, type DetectDeps } from '../../harness/detect.ts';

/** What a run decided: the shape the startup provides (a `note` it may add is used as is). */
export type GpuDecision =
  | { readonly usable: true; readonly compiler: string }
  | { readonly usable: false; readonly reason: string; readonly note?: string };

/** The key the run's startup provides the decision under (vitest `provide` / `inject`). */
export const GPU_DECISION_KEY = 'samplingGpu';

/** Longest note taken verbatim from a reason none of detect()'s phrases match. */
const MAX_NOTE = 120;

/**
 * The short note for a reason built by detect(): what each backend lacked, in detect()'s order ("cuda: no driver
 * library", "hip: driver but no device", "cuda: device but no nvcc"); a reason without those phrases (GPU use
 * disabled by the environment) is already short and kept, cut at MAX_NOTE characters.
 */
export function noGpuNote(reason: string): string {
  const lacks: string[] = [];
  const phrase = /\b(cuda|hip): (?:(no driver library)|driver \S+ found but (no device)|\d+ device\(s\) on \S+ but compiler (\S+) missing)/g;
  for (const m of reason.matchAll(phrase)) {
    const [, backend, noLibrary, noDevice, compiler] = m;
    lacks.push(`${backend}: ${noLibrary ?? (noDevice !== undefined ? 'driver but no device' : `device but no ${compiler}`)}`);
  }
  if (lacks.length > 0) return `no GPU (${lacks.join('; ')})`;
  return reason.length <= MAX_NOTE ? reason : `${reason.slice(0, MAX_NOTE - 1)}…`;
}

/** The decision of a test file started without the run's startup: detect() here. */
export async function detectGpu(deps: Partial<DetectDeps> = {}): Promise<GpuDecision> {
  const d = await detect(deps);
  return d.ok ? { usable: true, compiler: d.compiler } : { usable: false, reason: d.reason };
}

/** The provided value when it is a decision (a run without the startup provides nothing). */
export function asGpuDecision(v: unknown): GpuDecision | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const d = v as { usable?: unknown; compiler?: unknown; reason?: unknown; note?: unknown };
  if (d.usable === true && typeof d.compiler === 'string') return { usable: true, compiler: d.compiler };
  if (d.usable === false && typeof d.reason === 'string') return { usable: false, reason: d.reason, ...(typeof d.note === 'string' ? { note: d.note } : {}) };
  return undefined;
}

/** The short note of a decision without a GPU. */
export const noteOf = (d: Extract<GpuDecision, { usable: false }>): string => d.note ?? noGpuNote(d.reason);

/** The line printed once when GPU tests are skipped. */
export function skipAnnouncement(d: Extract<GpuDecision, { usable: false }>): string {
  return `[suites] GPU tests skipped: ${noteOf(d)}. Full reason: ${d.reason}`;
}
