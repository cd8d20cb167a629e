// Config for suites/kit/gpu.test.ts: runs gpu-skip.fixture.ts through the real reporter in the forks pool.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Root at the repository so vitest's caches land in its node_modules, not beside the fixture.
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    include: ['suites/kit/e2e/*.fixture.ts'],
    pool: 'forks',
    reporters: ['default', fileURLToPath(new URL('../../../src/report/reporter.ts', import.meta.url))],
  },
});
