/**
 * Early suites glued the case onto the kernel name ("softmax 99×32000 rows 0..15"), which split one manifest entry
 * into dozens of report kernels. Manifest names are identifiers, so a name with a space is such a glued name:
 * its records go back under the identifier and the rest becomes the check's case. Clean results pass unchanged.
 */
import type { CheckRecord, KernelResults, ReportResults, Sourced } from './schema.ts';

type Kernels = ReportResults['kernels'];
const GLUED = /^([A-Za-z_][A-Za-z0-9_]*) (.+)$/;

/** The manifest entry name and the case a (possibly glued) kernel name carries. */
export function splitKernelName(name: string): { readonly kernel: string; readonly case?: string } {
  const m = GLUED.exec(name);
  return m === null ? { kernel: name } : { kernel: m[1] as string, case: (m[2] as string).trim() };
}

function withCase(c: CheckRecord & Sourced, kernel: string, caseName: string | undefined): CheckRecord & Sourced {
  if (caseName === undefined) return c;
  return { ...c, kernel, case: c.case === undefined ? caseName : `${caseName} · ${c.case}` };
}

export function mergeGluedKernels(kernels: Kernels): Kernels {
  // A Map: kernel names are untrusted text and "__proto__" must stay an ordinary key.
  const merged = new Map<string, { -readonly [K in keyof KernelResults]: KernelResults[K][number][] }>();
  for (const [name, k] of Object.entries(kernels)) {
    const split = splitKernelName(name);
    let into = merged.get(split.kernel);
    if (into === undefined) {
      into = { checks: [], timings: [], chiSquare: [], bandwidth: [], replay: [], reproduce: [], mutants: [] };
      merged.set(split.kernel, into);
    }
    into.checks.push(...k.checks.map((c) => withCase(c, split.kernel, split.case)));
    into.timings.push(...k.timings);
    into.chiSquare.push(...k.chiSquare);
    into.bandwidth.push(...k.bandwidth);
    into.replay.push(...k.replay);
    into.reproduce.push(...k.reproduce);
    into.mutants.push(...k.mutants);
  }
  return Object.fromEntries(merged) as Kernels;
}
