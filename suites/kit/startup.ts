/**
 * Startup of every vitest run (vitest.config.ts `globalSetup`), before any test file is loaded. An explicit request
 * is binding: a malformed setting, a requested runtime that is not there, a required GPU that is missing, a kernel
 * directory whose manifest is invalid or whose sources do not compile — each stops the run here with one clear
 * line, instead of turning into skipped tests and a green exit. What it decided about the GPU is handed to every
 * test file (`inject('samplingGpu')`), so availability is decided once per run.
 */
import type { TestProject } from 'vitest/node';
import { config, type Config } from '../../src/config/index.ts';
import { errorMessage } from '../../src/errors.ts';
import { loadManifest } from '../../src/manifest/index.ts';
import { writeAbortedReport } from '../../src/report/write-report.ts';
import { detect, GpuRunner, type Detected } from '../../harness/index.ts';
import { compileKernelDir } from './startup-compile.ts';

/** What the run decided about the GPU: usable (with its backend), or why GPU tests do not run. */
export type GpuDecision =
  | { readonly usable: true; readonly backend: 'cuda' | 'hip'; readonly compiler: string }
  | { readonly usable: false; readonly reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    samplingGpu: GpuDecision;
  }
}

/** A startup failure: printed as its message alone (the stack of the harness is no help to the user). */
class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
    this.stack = `${this.name}: ${message}`;
  }
}

/**
 * The GPU decision for a configuration; throws StartupError when the configuration asked for something the
 * machine does not have (exported with an injectable detect() for tests).
 */
export async function decideGpu(cfg: Pick<Config, 'backend' | 'requireGpu'>, probe: () => Promise<Detected> = detect): Promise<GpuDecision> {
  if (cfg.backend === 'none') return { usable: false, reason: 'GPU tests disabled (SAMPLING_BACKEND=none)' };
  if (cfg.backend === 'fake') return { usable: false, reason: 'SAMPLING_BACKEND=fake selects the CPU fake backend, which runs no kernel' };
  const found = await probe();
  if (found.ok) return { usable: true, backend: found.backend, compiler: found.compiler };
  if (cfg.backend === 'cuda' || cfg.backend === 'hip') {
    throw new StartupError(`SAMPLING_BACKEND=${cfg.backend} was requested, but that runtime is not usable here: ${found.reason}`);
  }
  if (cfg.requireGpu) throw new StartupError(`SAMPLING_REQUIRE_GPU=1, but no usable GPU was found: ${found.reason}`);
  return { usable: false, reason: `no GPU (${found.reason})` };
}

/** Validates the kernel directory's manifest and, for a directory of the user's, compiles it where a compiler exists. */
async function checkKernelDir(cfg: Config, log: (line: string) => void): Promise<void> {
  let manifest;
  try {
    manifest = loadManifest(cfg.kernelDir);
  } catch (e) {
    const from = cfg.kernelDirExplicit ? 'SAMPLING_KERNEL_DIR' : 'the kernel directory';
    throw new StartupError(`${from} ${cfg.kernelDir}: ${errorMessage(e)}`);
  }
  // The repository's own kernels are compile-checked by the compile gates of `npm test`.
  if (!cfg.kernelDirExplicit) return;
  const outcome = await compileKernelDir(manifest, cfg.cacheDir);
  for (const line of outcome.skipped) log(`[startup] ${line}`);
  if (outcome.failures.length > 0) throw new StartupError(`SAMPLING_KERNEL_DIR ${cfg.kernelDir} does not compile:\n${outcome.failures.join('\n')}`);
}

async function check(log: (line: string) => void): Promise<GpuDecision> {
  let cfg: Config;
  try {
    cfg = config();
  } catch (e) {
    throw new StartupError(errorMessage(e));
  }
  const gpu = await decideGpu(cfg);
  await checkKernelDir(cfg, log);
  if (!gpu.usable) log(`[startup] GPU tests will not run: ${gpu.reason}`);
  else await precompileForDevice(cfg, log);
  return gpu;
}

/**
 * With a GPU: every file of the kernel directory compiled for the device's target now, side by side, so that the
 * test files find them in the cache instead of each compiling the files it needs one after another inside its
 * first GPU test (cold, that was most of a suites run). A file that does not compile is left to the tests, which
 * report it per kernel with the compiler's message.
 */
async function precompileForDevice(cfg: Config, log: (line: string) => void): Promise<void> {
  const t0 = performance.now();
  const runner = await GpuRunner.open();
  let arch: string;
  try {
    arch = runner.info().arch;
  } finally {
    await runner.close();
  }
  const manifest = loadManifest(cfg.kernelDir);
  const outcome = await compileKernelDir(manifest, cfg.cacheDir, [arch]);
  const files = new Set(manifest.entries.map((e) => e.file)).size;
  for (const line of [...outcome.skipped, ...outcome.failures]) log(`[startup] ${line}`);
  log(`[startup] ${files} kernel files compiled for ${arch} (${outcome.failures.length} failed) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

export default async function startup(project: TestProject): Promise<void> {
  try {
    project.provide('samplingGpu', await check((line) => project.vitest.logger.log(line)));
  } catch (e) {
    // the report of the previous run must not survive a run that never started: it is rewritten as FAILED
    writeAbortedReport(errorMessage(e), project.config.root);
    throw e instanceof StartupError ? e : new StartupError(errorMessage(e));
  }
}
