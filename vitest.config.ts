import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Two projects: the harness's own unit tests (CPU only) and the kernel verification suites.
// The forks pool is required: koffi and GPU runtimes misbehave inside worker threads.

const cores = os.availableParallelism();

/**
 * Suite files side by side on one GPU. Sound because no verdict depends on having the GPU alone: budgets are judged
 * on the kernel's own GPU-event time, the fastest of a few launches (suites/kit/budget-launch.ts), and the hang
 * watchdog allows far more than another file's kernels can delay a launch. A file is about three busy processes
 * (its fork, the GPU worker, the CPU reference), hence one per 3 cores; 2 at least (a CPU-only machine runs the suites'
 * CPU tests), 6 at most (more contexts time-slice one GPU without finishing sooner). VITEST_MAX_WORKERS overrides.
 */
export const SUITE_WORKERS = Math.max(2, Math.min(6, Math.floor(cores / 3)));

export default defineConfig({
  test: {
    pool: 'forks',
    // Before any test: configuration, explicit requests (backend, required GPU) and the kernel directory are checked,
    // and whether GPU tests run is decided once for the whole run (suites/kit/startup.ts).
    globalSetup: ['./suites/kit/startup.ts'],
    // The reviewer's report (reports/index.html, reports/results.json) is written after every run.
    reporters: ['default', './src/report/reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'harness/**/*.test.ts', 'scripts/**/*.test.ts'],
          pool: 'forks',
          // every core: vitest's default leaves one idle, which on a 2-core CI machine runs the files one at a time
          maxWorkers: cores,
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'suites',
          include: ['suites/**/*.test.ts'],
          pool: 'forks',
          maxWorkers: SUITE_WORKERS,
          // after the unit files: the GPU timing tests among those (harness/gpu.test.ts) keep the device to themselves
          sequence: { groupOrder: 1 },
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
