/**
 * Vitest reporter: `reporters: ['default', './src/report/reporter.ts']`. Gathers every test's state and the
 * items suites recorded into task.meta (see record.ts), then writes results.json and index.html.
 */
import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule, TestRunEndReason, TestSuite, Vitest } from 'vitest/node';
import { buildResults, type ItemsFrom } from './collect.ts';
import { gitCommit } from './git-commit.ts';
import { readItems } from './meta.ts';
import type { TestEntry, TestError } from './schema.ts';
import { existingResults, keepSuitesReport, reportDir, writeReport } from './write-report.ts';

interface SerializedErrorLike {
  readonly message?: unknown;
  readonly stack?: unknown;
}

function toTestError(e: SerializedErrorLike): TestError {
  const message = typeof e.message === 'string' ? e.message : String(e.message ?? 'unknown error');
  return typeof e.stack === 'string' ? { message, stack: e.stack } : { message };
}

function testEntry(test: TestCase, file: string): TestEntry {
  const result = test.result();
  const duration = test.diagnostic()?.duration;
  const base = { file, name: test.name, fullName: test.fullName, project: test.project.name, recorded: readItems(test.meta()).length };
  const timing = duration === undefined ? {} : { durationMs: duration };
  switch (result.state) {
    case 'passed':
      return { ...base, state: 'passed', ...timing, errors: [] };
    case 'failed':
      return { ...base, state: 'failed', ...timing, errors: (result.errors ?? []).map(toTestError) };
    case 'skipped': {
      const reason = result.note ?? (test.options.mode === 'todo' ? 'todo' : test.options.mode === 'skip' ? 'skipped' : 'not selected');
      return { ...base, state: 'skipped', skipReason: reason, errors: [] };
    }
    default:
      // 'pending': the run ended (bail, interrupt) before this test ran.
      return { ...base, state: 'skipped', skipReason: 'not run (run ended early)', errors: [] };
  }
}

export default class SamplingReporter implements Reporter {
  private root = process.cwd();
  private log: (message: string) => void = () => {};
  /** Where the last run wrote its files (for tests and for a final log line). */
  lastWritten: { json: string; html: string } | undefined;

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
    this.log = (message) => vitest.logger.log(message);
  }

  onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedErrorLike>,
    _reason: TestRunEndReason,
  ): void {
    const tests: TestEntry[] = [];
    const recorded: ItemsFrom[] = [];
    for (const mod of modules) {
      const file = relative(this.root, mod.moduleId);
      recorded.push({ source: file, items: readItems(mod.meta()) });
      for (const suite of mod.children.allSuites()) recorded.push(this.fromSuite(suite, file));
      for (const test of mod.children.allTests()) {
        tests.push(testEntry(test, file));
        recorded.push({ source: `${file} > ${test.fullName}`, items: readItems(test.meta()) });
      }
    }
    const dir = reportDir(this.root);
    const keep = keepSuitesReport(tests, existingResults(dir));
    if (keep !== undefined) {
      this.lastWritten = undefined;
      this.log(`sampling report: ${relative(process.cwd(), dir)} not rewritten (${keep})`);
      return;
    }
    const commit = gitCommit(this.root);
    const results = buildResults({
      createdAt: new Date().toISOString(),
      ...(commit === undefined ? {} : { commit }),
      environment: { node: process.version, platform: `${process.platform}-${process.arch}`, ci: isCi(process.env) },
      tests,
      recorded: recorded.filter((r) => r.items.length > 0),
      unhandledErrors: unhandledErrors.map(toTestError),
    });
    this.lastWritten = writeReport(dir, results);
    this.log(`sampling report: ${relative(process.cwd(), this.lastWritten.html)} (${relative(process.cwd(), this.lastWritten.json)})`);
  }

  private fromSuite(suite: TestSuite, file: string): ItemsFrom {
    return { source: `${file} > ${suite.fullName}`, items: readItems(suite.meta()) };
  }
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}
