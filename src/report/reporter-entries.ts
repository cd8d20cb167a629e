/** What the reporter reads off vitest's task objects: test entries and errors outside tests. */
import type { TestCase, TestModule } from 'vitest/node';
import { readItems } from './meta.ts';
import type { FileError, TestEntry, TestError } from './schema.ts';

export interface SerializedErrorLike {
  readonly message?: unknown;
  readonly stack?: unknown;
}

export function toTestError(e: SerializedErrorLike): TestError {
  const message = typeof e.message === 'string' ? e.message : String(e.message ?? 'unknown error');
  return typeof e.stack === 'string' ? { message, stack: e.stack } : { message };
}

export function testEntry(test: TestCase, file: string): TestEntry {
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

/** The file's own errors (import, top-level code, file-level hooks) and every suite's hook errors. */
export function fileErrors(mod: TestModule, file: string): FileError[] {
  return [
    ...mod.errors().map((e) => ({ file, ...toTestError(e) })),
    ...[...mod.children.allSuites()].flatMap((s) => s.errors().map((e) => ({ file, suite: s.fullName, ...toTestError(e) }))),
  ];
}
