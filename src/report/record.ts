/**
 * The recording API suites call while they run. Each call validates its input and appends a JSON-safe item to
 * task.meta, which vitest serializes to the reporter in the main process (verified in the forks pool;
 * context.annotate would force everything through strings).
 *
 * Inside a test: `record.timing({...})`. In beforeAll/afterAll there is no current test; use the suite the hook
 * receives: `beforeAll(({}, suite) => recordOn(suite).device(info))`.
 */
import { TestRunner } from 'vitest';
import { buildItem, type CheckInput, type ChiSquareInput, type ReproduceInput } from './build-item.ts';
import { requireObject } from './validate.ts';
import { appendItem, type MetaTarget } from './meta.ts';
import type { CheckResult } from '../types.ts';
import type { BandwidthRecord, CheckScope, DeviceRecord, JsonValue, MutantRecord, NotApplicableRecord, RecordedItem, ReplayRecord, TimingRecord } from './schema.ts';

export { MAX_FINDINGS, type CheckInput, type ChiSquareInput, type ReproduceInput } from './build-item.ts';

export interface Recorder {
  timing(input: TimingRecord): void;
  chiSquare(input: ChiSquareInput): void;
  check(input: CheckInput): void;
  /** Shorthand for check(): records a CheckResult from src/checks under its stage name; `caseName` says what it ran on. */
  checkResult(kernel: string, result: CheckResult, caseName?: string, scope?: CheckScope): void;
  /** A contract check not run because the manifest does not declare its promise (never counted as passed). */
  notApplicable(input: NotApplicableRecord): void;
  bandwidth(input: BandwidthRecord): void;
  replay(input: ReplayRecord): void;
  reproduce(input: ReproduceInput): void;
  mutant(input: MutantRecord): void;
  device(input: DeviceRecord): void;
  /** Generic extension point: any JSON data under a section name. */
  section(name: string, data: JsonValue): void;
}

/** A recorder writing into the meta of whatever `target()` returns at call time. */
export function createRecorder(target: () => MetaTarget): Recorder {
  const put = (item: RecordedItem): void => appendItem(target(), item);
  return {
    timing: (i) => put(buildItem.timing(i)),
    chiSquare: (i) => put(buildItem.chiSquare(i)),
    check: (i) => put(buildItem.check(i)),
    checkResult: (kernel, result, caseName, scope) => put(buildItem.checkResult(kernel, result, caseName, scope)),
    notApplicable: (i) => put(buildItem.notApplicable(i)),
    bandwidth: (i) => put(buildItem.bandwidth(i)),
    replay: (i) => put(buildItem.replay(i)),
    reproduce: (i) => put(buildItem.reproduce(i)),
    mutant: (i) => put(buildItem.mutant(i)),
    device: (i) => put(buildItem.device(i)),
    section: (name, data) => put(buildItem.section(name, data)),
  };
}

function currentTest(): MetaTarget {
  const test = TestRunner.getCurrentTest();
  if (test === undefined) {
    throw new TypeError(
      'record.* was called outside a running test; in beforeAll/afterAll use recordOn(suite), e.g. beforeAll(({}, suite) => recordOn(suite).device(info))',
    );
  }
  return test;
}

/** Records onto the currently running test. */
export const record: Recorder = createRecorder(currentTest);

/** Records onto a given task (the suite a beforeAll/afterAll hook receives, or a test's `task`). */
export function recordOn(task: MetaTarget): Recorder {
  requireObject('recordOn task', task);
  requireObject('recordOn task.meta', task.meta);
  return createRecorder(() => task);
}
