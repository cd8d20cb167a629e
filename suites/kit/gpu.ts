/**
 * GPU availability for a suite file: `describeGpu` registers its tests normally when detect() finds a device and
 * its compiler, and otherwise registers them as skipped with detect()'s reason in the suite name (visible in
 * vitest's output) and printed once. `gpuRunner()` opens one GpuRunner per test file, lazily, and every
 * describeGpu block closes it when it ends (a later block reopens it).
 */
import { afterAll, describe } from 'vitest';
import { detect, GpuRunner } from '../../harness/index.ts';

const detected = await detect();

/** Why GPU tests are skipped here, or null when a GPU is usable. */
export const GPU_SKIP_REASON: string | null = detected.ok ? null : detected.reason;

let announced = false;
let runner: Promise<GpuRunner> | null = null;

export function describeGpu(name: string, fn: () => void): void {
  if (GPU_SKIP_REASON !== null) {
    if (!announced) console.log(`[suites] GPU tests skipped: ${GPU_SKIP_REASON}`);
    announced = true;
    describe.skip(`${name} [GPU skipped: ${GPU_SKIP_REASON}]`, fn);
    return;
  }
  describe(name, () => {
    afterAll(closeGpuRunner);
    fn();
  });
}

/** The file's runner, opened on first use (logs go to the console with a [runner] prefix). */
export function gpuRunner(): Promise<GpuRunner> {
  runner ??= GpuRunner.open({ log: (l) => console.log(`[runner] ${l}`) });
  runner.catch(() => (runner = null));
  return runner;
}

export async function closeGpuRunner(): Promise<void> {
  const r = runner;
  runner = null;
  if (r !== null) await (await r).close();
}
