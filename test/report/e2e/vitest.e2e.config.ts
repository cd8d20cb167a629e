// Config for reporter.test.ts: runs records.fixture.ts through the real reporter, loaded by path as in the
// project's own config, in the forks pool the suites use.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Root at the repository so vitest's caches land in its node_modules, not beside the fixture.
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    include: ['test/report/e2e/*.fixture.ts'],
    pool: 'forks',
    reporters: [fileURLToPath(new URL('../../../src/report/reporter.ts', import.meta.url))],
  },
});
