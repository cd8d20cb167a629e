/**
 * Vitest reporter: `reporters: ['default', './src/report/reporter.ts']`. Gathers every test's state, the errors
 * outside tests and the items suites recorded into task.meta (see record.ts), hands them to write-report.ts, and
 * prints the verdict as the run's last line.
 */
import { relative } from 'node:path';
import type { Reporter, TestModule, TestRunEndReason, TestSpecification, Vitest } from 'vitest/node';
import { buildResults, type ItemsFrom } from './collect.ts';
import { runEnvironment } from './environment.ts';
import { gitCommitOrError } from './git-commit.ts';
import { readItems } from './meta.ts';
import { parseResults } from './load-results.ts';
import { fileErrors, testEntry, toTestError, type SerializedErrorLike } from './reporter-entries.ts';
import type { RunEnd, TestEntry } from './schema.ts';
import { verdictLine, verdictOf } from './verdict.ts';
import { existingResults, keepSuitesReport, reportDir, writeAbortedReport, writeReport } from './write-report.ts';

/** The harness's own unit tests exercise the recording API; their records are not kernel results. */
export const UNIT_PROJECT = 'unit';

const END: Readonly<Record<TestRunEndReason, RunEnd>> = { passed: 'passed', failed: 'failed', interrupted: 'interrupted' };

export default class SamplingReporter implements Reporter {
  private root = process.cwd();
  private startedAt = new Date();
  private specifications = 0;
  private log: (message: string) => void = () => {};
  /** Where the last run wrote its files (for tests and for a final log line). */
  lastWritten: { json: string; html: string } | undefined;

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
    this.log = (message) => vitest.logger.log(message);
    this.startedAt = new Date();
  }

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.startedAt = new Date();
    this.specifications = specifications.length;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedErrorLike>, reason: TestRunEndReason): void {
    const dir = reportDir();
    if (modules.length === 0 && reason !== 'passed') return this.aborted(dir, reason);
    const tests: TestEntry[] = [];
    const recorded: ItemsFrom[] = [];
    for (const mod of modules) {
      const file = relative(this.root, mod.moduleId);
      for (const test of mod.children.allTests()) tests.push(testEntry(test, file));
      if (mod.project.name === UNIT_PROJECT) continue;
      recorded.push({ source: file, items: readItems(mod.meta()) });
      for (const suite of mod.children.allSuites()) recorded.push({ source: `${file} > ${suite.fullName}`, items: readItems(suite.meta()) });
      for (const test of mod.children.allTests()) recorded.push({ source: `${file} > ${test.fullName}`, items: readItems(test.meta()) });
    }
    // A malformed SAMPLING_GIT_COMMIT must not stop the report from being written: it fails the run instead.
    const { commit, error } = gitCommitOrError(this.root);
    const results = buildResults({
      createdAt: new Date().toISOString(),
      startedAt: this.startedAt.toISOString(),
      run: { end: END[reason] },
      ...(commit === undefined ? {} : { commit }),
      environment: runEnvironment(),
      tests,
      recorded: recorded.filter((r) => r.items.length > 0),
      unhandledErrors: [...unhandledErrors.map(toTestError), ...(error === undefined ? [] : [{ message: error }])],
      fileErrors: modules.flatMap((m) => fileErrors(m, relative(this.root, m.moduleId))),
    });
    const keep = keepSuitesReport(results, existingResults(dir));
    if (keep !== undefined) {
      this.lastWritten = undefined;
      this.log(`sampling report: ${relative(process.cwd(), dir)} not rewritten (${keep})`);
      this.log(verdictLine(verdictOf(results)));
      return;
    }
    this.finish(writeReport(dir, results));
  }

  /**
   * No test file ran: a startup error (vitest does not pass it to reporters) or no file matched the filter. A
   * startup check that called writeAbortedReport during this run already wrote the cause; keep that report.
   */
  private aborted(dir: string, reason: TestRunEndReason): void {
    const existing = existingResults(dir);
    if (existing !== null) {
      try {
        const r = parseResults(existing);
        if (r.run?.end === 'aborted' && Date.parse(r.createdAt) >= this.startedAt.getTime()) {
          this.lastWritten = undefined;
          this.log(verdictLine(verdictOf(r)));
          return;
        }
      } catch {
        // unreadable: replaced below
      }
    }
    const cause = reason === 'interrupted' ? 'interrupted'
      : this.specifications === 0 ? 'no test file matched the filter'
        : 'a startup error (printed above; e.g. a configuration check in globalSetup)';
    this.finish(writeAbortedReport(cause, this.root, dir));
  }

  private finish(written: ReturnType<typeof writeReport>): void {
    this.lastWritten = { json: written.json, html: written.html };
    this.log(`sampling report: ${relative(process.cwd(), written.html)} (${relative(process.cwd(), written.json)})`);
    this.log(verdictLine(written.verdict));
  }
}
