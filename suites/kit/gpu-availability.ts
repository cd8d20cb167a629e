/**
 * Whether this run has a usable GPU, decided once: detect()'s answer plus a short note for every skipped test.
 * detect()'s own reason carries the full dlopen and driver messages (hundreds of characters); that text is
 * printed once, while each skipped test carries only the note, e.g.
 * "no GPU (cuda: no driver library; hip: driver but no device)".
 *
 * No vitest import here, so a vitest globalSetup can call decideGpu() once for the whole run and hand the result
 * to every test file (provide(GPU_DECISION_KEY, decision)); a file without it decides for itself.
 */
import { compilerVersion as realCompilerVersion } from '../../harness/compile.ts';
import { detect, probeDriver, type DetectDeps, type GpuBackend } from '../../harness/detect.ts';

export type GpuDecision =
  | { readonly ok: true; readonly compiler: string }
  | {
      readonly ok: false;
      /** One short line for each skipped test. */
      readonly note: string;
      /** detect()'s whole reason, printed once. */
      readonly reason: string;
    };

/** The key a globalSetup provides the run's decision under (vitest `provide` / `inject`). */
export const GPU_DECISION_KEY = 'samplingGpuDecision';

const COMPILER: Record<GpuBackend, string> = { cuda: 'nvcc', hip: 'hipcc' };

/** detect(), with what each backend lacked noted in a few words (the probes are wrapped, detect() is unchanged). */
export async function decideGpu(deps: Partial<DetectDeps> = {}): Promise<GpuDecision> {
  const probe = deps.probe ?? probeDriver;
  const compilerVersion = deps.compilerVersion ?? realCompilerVersion;
  const lacks = new Map<GpuBackend, string>();
  const detected = await detect({
    ...deps,
    probe: (backend) => {
      const p = probe(backend);
      if (!p.loaded) lacks.set(backend, 'no driver library');
      else if (p.deviceCount < 1) lacks.set(backend, 'driver but no device');
      return p;
    },
    compilerVersion: async (backend) => {
      try {
        return await compilerVersion(backend);
      } catch (e) {
        lacks.set(backend, `device but no ${COMPILER[backend]}`);
        throw e;
      }
    },
  });
  if (detected.ok) return { ok: true, compiler: detected.compiler };
  // no backend was probed: the environment decided (SAMPLING_BACKEND=none/fake/unknown), and its reason is short
  const note = lacks.size === 0 ? detected.reason : `no GPU (${[...lacks].map(([b, why]) => `${b}: ${why}`).join('; ')})`;
  return { ok: false, note, reason: detected.reason };
}

/** The line printed once when GPU tests are skipped. */
export function skipAnnouncement(decision: Extract<GpuDecision, { ok: false }>): string {
  return `[suites] GPU tests skipped: ${decision.note}. Full reason: ${decision.reason}`;
}
