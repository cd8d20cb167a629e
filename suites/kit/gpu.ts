/**
 * GPU availability for a suite file: `describeGpu` registers its tests normally when detect() finds a device and
 * its compiler, and otherwise registers them as skipped with detect()'s reason in the suite name (visible in
 * vitest's output) and printed once. `gpuRunner()` opens one GpuRunner per test file, lazily, and every
 * describeGpu block closes it when it ends (a later block reopens it). The report gets the device once per file:
 * its description when the runner first opens, or the skip reason when there is no GPU.
 */
import { afterAll, describe, TestRunner } from 'vitest';
import { detect, GpuRunner, type DeviceInfo } from '../../harness/index.ts';
import { record, recordOn } from '../../src/report/record.ts';
import type { DeviceRecord } from '../../src/report/schema.ts';

const detected = await detect();

/** Why GPU tests are skipped here, or null when a GPU is usable. */
export const GPU_SKIP_REASON: string | null = detected.ok ? null : detected.reason;

let announced = false;
let runner: Promise<GpuRunner> | null = null;
let deviceRecorded = false;

/** CUDA and HIP encode versions as major*1000 + minor*10. */
function versionText(v: number): string {
  return `${Math.floor(v / 1000)}.${Math.floor((v % 1000) / 10)}`;
}

/** What the report shows about the device the runner opened (exported for tests). */
export function deviceRecord(info: DeviceInfo, compiler: string | undefined): DeviceRecord {
  return {
    available: true,
    name: info.name,
    vendor: info.backend === 'cuda' ? 'NVIDIA' : info.backend === 'hip' ? 'AMD' : info.backend,
    arch: info.arch,
    multiprocessors: info.multiprocessors,
    warpSize: info.warpSize,
    memoryBytes: info.totalMemBytes,
    driver: versionText(info.driverVersion),
    ...(info.runtimeVersion === undefined ? {} : { runtime: `${info.backend} ${versionText(info.runtimeVersion)}` }),
    ...(compiler === undefined ? {} : { compiler }),
  };
}

/** Once per file, on the test that first opened the runner (a hook has no test to carry it; the next test will). */
function recordDevice(r: GpuRunner): void {
  if (deviceRecorded || TestRunner.getCurrentTest() === undefined) return;
  record.device(deviceRecord(r.info(), detected.ok ? detected.compiler : undefined));
  deviceRecorded = true;
}

/** Once per file, on the file itself: skipped tests run no hooks and no body that could record it. */
function recordSkip(reason: string): void {
  const file = TestRunner.getCurrentSuite()?.file;
  if (deviceRecorded || file === undefined) return;
  recordOn(file).device({ available: false, reason });
  deviceRecorded = true;
}

export function describeGpu(name: string, fn: () => void): void {
  if (GPU_SKIP_REASON !== null) {
    if (!announced) console.log(`[suites] GPU tests skipped: ${GPU_SKIP_REASON}`);
    announced = true;
    recordSkip(GPU_SKIP_REASON);
    describe.skip(`${name} [GPU skipped: ${GPU_SKIP_REASON}]`, fn);
    return;
  }
  describe(name, () => {
    afterAll(closeGpuRunner);
    fn();
  });
}

/** The file's runner, opened on first use (logs go to the console with a [runner] prefix). */
export async function gpuRunner(): Promise<GpuRunner> {
  runner ??= GpuRunner.open({ log: (l) => console.log(`[runner] ${l}`) });
  runner.catch(() => (runner = null));
  const r = await runner;
  recordDevice(r);
  return r;
}

export async function closeGpuRunner(): Promise<void> {
  const r = runner;
  runner = null;
  if (r !== null) await (await r).close();
}
