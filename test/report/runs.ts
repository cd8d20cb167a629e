/**
 * Small results objects for the verdict, matrix and reporter tests, built through the same validation and
 * aggregation as a real run (build-item → collect).
 */
import { buildItem } from '../../src/report/build-item.ts';
import { buildResults } from '../../src/report/collect.ts';
import type { DeviceRecord, RecordedItem, ReportResults, RunRecord, TestEntry, TestError } from '../../src/report/schema.ts';

export const COMMIT = '0123456789abcdef0123456789abcdef01234567';
export const OTHER_COMMIT = 'fedcba9876543210fedcba9876543210fedcba98';
export const STARTED = '2026-01-01T00:00:00.000Z';
export const ENDED = '2026-01-01T00:10:00.000Z';

export const H200: DeviceRecord = { available: true, name: 'NVIDIA H200', vendor: 'NVIDIA', arch: 'sm_90', compiler: 'nvcc 13.0' };
export const NO_GPU: DeviceRecord = {
  available: false,
  reason: 'cuda: no driver library (could not load any of libcuda.so.1 (Failed to load shared library)); hip: driver libamdhip64.so found but no device (hipErrorNoDevice (100))',
};

const FILE = 'suites/topp/top-p-sampling.test.ts';

export function testEntry(name: string, state: TestEntry['state'], extra: Partial<TestEntry> = {}): TestEntry {
  const base = { file: FILE, name, fullName: `top_p > ${name}`, project: 'suites', errors: [], recorded: 0 };
  return state === 'skipped' ? { ...base, state, skipReason: 'no GPU: cuda: no driver library', ...extra } : { ...base, state, ...extra };
}

export const sourceOf = (t: TestEntry): string => `${t.file} > ${t.fullName}`;

export interface RunSpec {
  readonly tests?: readonly TestEntry[];
  /** Items recorded on a test (by its entry) or on the file. */
  readonly recorded?: readonly (readonly [TestEntry | 'file', readonly RecordedItem[]])[];
  readonly device?: DeviceRecord;
  readonly run?: RunRecord;
  readonly unhandledErrors?: readonly TestError[];
  readonly commit?: string | null;
}

export function runResults(spec: RunSpec = {}): ReportResults {
  const recorded = (spec.recorded ?? []).map(([on, items]) => ({ source: on === 'file' ? FILE : sourceOf(on), items }));
  if (spec.device !== undefined) recorded.push({ source: FILE, items: [buildItem.device(spec.device)] });
  const commit = spec.commit === null ? {} : { commit: spec.commit ?? COMMIT };
  return buildResults({
    createdAt: ENDED,
    startedAt: STARTED,
    run: spec.run ?? { end: (spec.tests ?? []).some((t) => t.state === 'failed') ? 'failed' : 'passed' },
    ...commit,
    environment: { node: 'v20.20.0', platform: 'linux-x64', ci: false },
    tests: spec.tests ?? [],
    recorded,
    unhandledErrors: spec.unhandledErrors ?? [],
  });
}

/** A GPU run of one kernel whose checks all passed. */
export function greenGpuRun(kernel = 'top_p_sampling_exact'): ReportResults {
  const t = testEntry('filter guarantee', 'passed');
  return runResults({
    tests: [t],
    device: H200,
    recorded: [[t, [
      buildItem.check({ kernel, check: 'token-in-range', ok: true, checked: 64, findings: [] }),
      buildItem.timing({ kernel, batch: 64, vocab: 151_936, ms: 0.2, budgetMs: 500 }),
    ]]],
  });
}

/** The run a machine without a GPU makes: every suite test skipped, nothing failed. */
export function skippedOnlyRun(): ReportResults {
  return runResults({
    tests: [testEntry('filter guarantee', 'skipped'), testEntry('exact replay', 'skipped'), { ...testEntry('parses env', 'passed'), project: 'unit' }],
    device: NO_GPU,
  });
}
