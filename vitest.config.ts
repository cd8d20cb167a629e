import { defineConfig } from 'vitest/config';

// Two projects: the harness's own unit tests (CPU only) and the kernel verification suites.
// The forks pool is required: koffi and GPU runtimes misbehave inside worker threads.
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
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'suites',
          include: ['suites/**/*.test.ts'],
          pool: 'forks',
          // One file at a time: each file drives the GPU through its own worker process, and kernels of parallel
          // files would time-slice the device and inflate the watchdog timings they record.
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
