/**
 * What the GPU scripts (mutants, sanitize, reruns, the gate) do on a machine without a usable GPU: what `npm run
 * bench` does — one line with the reason and exit 0, no artifact — unless the configuration asked for a GPU
 * (SAMPLING_BACKEND=cuda|hip, SAMPLING_REQUIRE_GPU=1): then the run startup's rule applies and it is an error.
 */
import { detect, type Detected } from '../harness/index.ts';
import { config } from '../src/config/index.ts';
import { decideGpu, type GpuDecision } from '../suites/kit/startup.ts';

export type GpuProbe = () => Promise<Detected>;

/** The run's GPU decision (throws when an explicit request cannot be met). */
export function gpuDecision(probe: GpuProbe = detect): Promise<GpuDecision> {
  return decideGpu(config(), probe);
}

/** The one line a script prints when it has nothing to run here. */
export function nothingToRun(script: string, reason: string): string {
  return `${script}: nothing to run here: ${reason}`;
}
