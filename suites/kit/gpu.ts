/**
 * GPU availability for a suite file. `describeGpu` registers its tests normally when a device and its compiler
 * were found; otherwise each of its tests is skipped with one short note ("no GPU (cuda: no driver library; hip:
 * driver but no device)", vitest's `ctx.skip(note)`, which the report shows as the test's skip reason), test
 * names stay clean, and the full reason is printed once. With SAMPLING_REQUIRE_GPU=1 a missing GPU fails every
 * GPU test instead (the run's startup normally stops such a run before any test). The decision is made once per
 * run by the startup, which provides it (GPU_DECISION_KEY, gpu-availability.ts); a file run without the startup
 * decides for itself and prints the full reason once.
 * `gpuRunner()` opens one GpuRunner per test file, lazily, and every describeGpu block closes it when it ends (a
 * later block reopens it). The report gets the device once per file: its description when the runner first
 * opens, or the reason when there is no GPU. GPU work belongs in test bodies, not in beforeAll hooks: a skipped
 * block still runs its beforeAll hooks.
 */
import { afterAll, beforeEach, describe, inject, TestRunner, type TestContext } from 'vitest';
import { GpuRunner, type DeviceInfo } from '../../harness/index.ts';
import { config } from '../../src/config/index.ts';
import { record, recordOn } from '../../src/report/record.ts';
import type { DeviceRecord } from '../../src/report/schema.ts';
import { asGpuDecision, detectGpu, GPU_DECISION_KEY, noteOf, skipAnnouncement, type GpuDecision } from './gpu-availability.ts';

// `as never`: the key is typed where the startup declares it; the value is checked here either way
const provided = asGpuDecision(inject(GPU_DECISION_KEY as never));
const decision: GpuDecision = provided ?? (await detectGpu());
const required = config().requireGpu;

let announced = false;
let runner: Promise<GpuRunner> | null = null;
let deviceRecorded = false;

/** CUDA and HIP encode versions as major*1000 + minor*10. */
function versionText(v: number): string {
  return `${Math.floor(v / 1000)}.${Math.floor((v % 1000) / 10)}`;
}

/** What the report shows about the device the runner opened (exported for tests). */
function deviceRecord(info: DeviceInfo, compiler: string | undefined): DeviceRecord {
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
  record.device(deviceRecord(r.info(), decision.usable ? decision.compiler : undefined));
  deviceRecorded = true;
}

/** Once per file, on the file itself: skipped tests run no hooks and no body that could record it. */
function recordSkip(reason: string): void {
  const file = TestRunner.getCurrentSuite()?.file;
  if (deviceRecorded || file === undefined) return;
  recordOn(file).device({ available: false, reason });
  deviceRecorded = true;
}

/**
 * What each test of a GPU block does first when there is no GPU: skip with the short note, or fail when a GPU was
 * required; null when a GPU is usable (exported for tests).
 */
export function noGpuGate(d: GpuDecision, requireGpu: boolean): ((ctx: Pick<TestContext, 'skip'>) => void) | null {
  if (d.usable) return null;
  const note = noteOf(d);
  if (requireGpu) {
    return () => {
      throw new Error(`SAMPLING_REQUIRE_GPU=1 but there is no usable GPU: ${note}. Full reason: ${d.reason}`);
    };
  }
  return (ctx) => ctx.skip(note);
}

/** describeGpu for a given decision (exported for tests); describeGpu uses this run's. */
function describeGpuWith(d: GpuDecision, requireGpu: boolean, name: string, fn: () => void): void {
  const gate = noGpuGate(d, requireGpu);
  if (!d.usable) {
    // the startup already printed the full reason once for the whole run
    if (!announced && provided === undefined) console.log(skipAnnouncement(d));
    announced = true;
    recordSkip(d.reason);
  }
  describe(name, () => {
    if (gate === null) afterAll(closeGpuRunner);
    else beforeEach((ctx) => gate(ctx));
    fn();
  });
}

export function describeGpu(name: string, fn: () => void): void {
  describeGpuWith(decision, required, name, fn);
}

/** The file's runner, opened on first use (logs go to the console with a [runner] prefix). */
export async function gpuRunner(): Promise<GpuRunner> {
  runner ??= GpuRunner.open({ log: (l) => console.log(`[runner] ${l}`) });
  runner.catch(() => (runner = null));
  const r = await runner;
  recordDevice(r);
  return r;
}

async function closeGpuRunner(): Promise<void> {
  const r = runner;
  runner = null;
  if (r !== null) await (await r).close();
}
