// Config for suites/kit/gpu.test.ts: gpu-skip.fixture.ts with the GPU decision provided as the run's startup
// provides it (no GPU, detect()'s full reason), whatever this machine has.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export const PROVIDED_REASON =
  'no GPU (cuda: no driver library (could not load any of libcuda.so.1 (Failed to load shared library: cannot open shared object file: No such file or directory)); ' +
  'hip: driver libamdhip64.so found but no device (hipGetDeviceCount → hipErrorNoDevice (100)))';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    include: ['suites/kit/e2e/*.fixture.ts'],
    pool: 'forks',
    provide: { samplingGpu: { usable: false, reason: PROVIDED_REASON } },
    reporters: ['default', fileURLToPath(new URL('../../../src/report/reporter.ts', import.meta.url))],
  },
});
