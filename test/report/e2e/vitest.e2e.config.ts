// Config for reporter.test.ts: runs a fixture file through the real reporter, loaded by path as in the project's own
// config, in the forks pool the suites use. REPORT_E2E_INCLUDE picks the fixture; REPORT_E2E_SETUP adds a globalSetup.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const setup = process.env.REPORT_E2E_SETUP;
// REPORT_E2E_PROJECT names a project the fixture runs in (e.g. "unit", whose records the reporter ignores).
const project = process.env.REPORT_E2E_PROJECT;
const include = [process.env.REPORT_E2E_INCLUDE ?? 'test/report/e2e/records.fixture.ts'];

export default defineConfig({
  test: {
    // Root at the repository so vitest's caches land in its node_modules, not beside the fixture.
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    ...(project === undefined ? { include } : { projects: [{ test: { name: project, include, pool: 'forks' } }] }),
    ...(setup === undefined ? {} : { globalSetup: [setup] }),
    pool: 'forks',
    reporters: ['default', fileURLToPath(new URL('../../../src/report/reporter.ts', import.meta.url))],
  },
});
