import { describe, expect, test } from 'vitest';
import { judgeArtifacts, NO_JUDGED_ARTIFACTS, staleReason } from './artifact-judge.ts';
import { NO_ARTIFACTS, type Artifacts } from './artifacts.ts';
import { buildItem } from './build-item.ts';
import type { JsonValue } from './schema.ts';
import { REQUIRE_GPU_HINT, verdictLine, verdictOf } from './verdict.ts';
import { COMMIT, greenGpuRun, H200, OTHER_COMMIT, runResults, skippedOnlyRun, STARTED, testEntry } from '../../test/report/runs.ts';
import { SYNTHETIC_MUTANTS, SYNTHETIC_SANITIZER } from '../../test/report/synthetic-artifacts.ts';

const AFTER_START = '2026-01-01T00:20:00.000Z';
const stamped = (data: JsonValue, commit: string | undefined = COMMIT, createdAt = AFTER_START): JsonValue =>
  ({ ...(data as Record<string, JsonValue>), ...(commit === undefined ? {} : { commit }), createdAt });
const withArtifacts = (a: Partial<Artifacts>): Artifacts => ({ ...NO_ARTIFACTS, ...a });

describe('verdictOf', () => {
  test('a run with only skipped GPU tests is NOT VERIFIED with the short reason and what would run it', () => {
    const v = verdictOf(skippedOnlyRun());
    expect(v.status).toBe('not-verified');
    expect(v.kernels).toBe(0);
    expect(v.summary).toBe('no GPU: cuda: no driver library; hip: driver libamdhip64.so found but no device');
    expect(v.hint).toBe(REQUIRE_GPU_HINT);
    expect(verdictLine(v)).toBe(`sampling verdict: NOT VERIFIED — ${v.summary}; ${REQUIRE_GPU_HINT}`);
  });

  test('"0 kernels" is never VERIFIED: a GPU that ran no kernel, or records without a GPU', () => {
    expect(verdictOf(runResults({ tests: [testEntry('x', 'passed')], device: H200 })).status).toBe('not-verified');
    const recordsWithoutGpu = greenGpuRun();
    expect(verdictOf({ ...recordsWithoutGpu, device: { available: false, reason: 'no GPU' } }).status).toBe('not-verified');
    expect(verdictOf(runResults()).summary).toMatch(/no verification-suite test ran/);
  });

  test('a GPU run whose checks all passed is VERIFIED and says what ran where', () => {
    const v = verdictOf(greenGpuRun());
    expect(v).toMatchObject({ status: 'verified', kernels: 1, failures: [] });
    expect(v.summary).toBe('1 kernel ran on NVIDIA H200; 1 tests passed, every check that ran passed');
  });

  test('failures are named, the first one in the summary', () => {
    const t = testEntry('filter guarantee', 'failed', { errors: [{ message: 'expected 3 to be 4\n  at line 2' }] });
    const r = runResults({
      tests: [t],
      device: H200,
      recorded: [[t, [buildItem.check({ kernel: 'top_p', check: 'satisfies-top-p', ok: false, checked: 8, findings: [{ row: 1, message: 'outside nucleus' }] })]]],
      unhandledErrors: [{ message: 'worker crashed' }],
    });
    const v = verdictOf(r);
    expect(v.status).toBe('failed');
    expect(v.failures).toEqual([
      'top_p: satisfies-top-p failed in 1 of 1 runs',
      'suites/topp/top-p-sampling.test.ts › top_p > filter guarantee: expected 3 to be 4',
      'unhandled error: worker crashed',
    ]);
    expect(v.summary).toBe('top_p: satisfies-top-p failed in 1 of 1 runs (and 2 more)');
  });

  test('an aborted run, an interrupted run and a file that did not load are FAILED even with no failed test', () => {
    expect(verdictOf(runResults({ run: { end: 'aborted', cause: 'SAMPLING_BUDGET_MS must be a number, got abc' } })).summary)
      .toBe('the run stopped before any test file ran: SAMPLING_BUDGET_MS must be a number, got abc');
    expect(verdictOf(runResults({ run: { end: 'interrupted' } })).status).toBe('failed');
    expect(verdictOf(runResults({ run: { end: 'failed' } })).summary).toBe('vitest reported the run as failed (see the console)');
    const fileError = { ...greenGpuRun(), fileErrors: [{ file: 'suites/topp/top-p.test.ts', message: 'RangeError: bad budget' }] };
    expect(verdictOf(fileError).failures).toEqual(['suites/topp/top-p.test.ts did not load: RangeError: bad budget']);
  });

  test('an over-budget launch fails the run', () => {
    const t = testEntry('budget', 'passed');
    const r = runResults({ tests: [t], device: H200, recorded: [[t, [buildItem.timing({ kernel: 'k', batch: 1, vocab: 10, ms: 600, budgetMs: 500 })]]] });
    expect(verdictOf(r).failures).toEqual(['k: watchdog budget failed in 1 of 1 runs']);
  });

  test('a fresh failing artifact makes a green run FAILED; the same artifact from another commit is stale and left out', () => {
    const results = greenGpuRun();
    const fresh = judgeArtifacts(withArtifacts({
      mutation: { status: 'loaded', data: stamped(SYNTHETIC_MUTANTS) },
      sanitizer: { status: 'loaded', data: stamped(SYNTHETIC_SANITIZER) },
    }), results);
    const v = verdictOf(results, fresh);
    expect(v.status).toBe('failed');
    expect(v.failures[0]).toMatch(/^Mutation score: 1 of 3 failing — seed-ignored.* survived$/);
    expect(v.failures[1]).toBe('Sanitizer: 1 of 4 failing — racecheck on mutant:prefix-no-barrier: 0 error(s), expected caught');

    const old = judgeArtifacts(withArtifacts({
      mutation: { status: 'loaded', data: stamped(SYNTHETIC_MUTANTS, OTHER_COMMIT) },
      sanitizer: { status: 'loaded', data: SYNTHETIC_SANITIZER },
    }), results);
    const v2 = verdictOf(results, old);
    expect(v2.status).toBe('verified');
    expect(v2.stale).toEqual([
      'Mutation score: made from commit fedcba9876; the suites ran on 0123456789',
      'Sanitizer: unknown commit: the file carries no commit stamp',
    ]);
    expect(verdictLine(v2)).toMatch(/\[2 stale artifact\(s\) left out\]$/);
  });

  test('the gate\'s page: green suites with a fresh 0/15 mutation score and a failed sanitizer are FAILED, naming both', () => {
    const results = greenGpuRun();
    const mutants = { baseline: { ok: true }, mutants: Array.from({ length: 15 }, (_, i) => ({ id: `m${i}`, killed: false })) };
    const sanitizer = { ok: false, runs: [{ tool: 'memcheck', target: 'kernels', errors: 2, expect: 'clean', ok: false }] };
    const judged = judgeArtifacts(withArtifacts({
      mutation: { status: 'loaded', data: stamped(mutants) },
      sanitizer: { status: 'loaded', data: stamped(sanitizer) },
    }), results);
    expect(verdictOf(results, judged).failures).toEqual([
      'Mutation score: 15 of 15 failing — m0 survived; m1 survived; m2 survived; and 12 more',
      'Sanitizer: 1 of 1 failing — memcheck on kernels: 2 error(s), expected clean',
    ]);
  });

  test('a missed speed target is not a failure; a bench launch that failed is', () => {
    const results = greenGpuRun();
    const row = (extra: object): JsonValue => ({ kernel: 'k', batch: 1, vocab: 32_000, timing: null, metrics: null, verdict: { target: 't', met: false, gap: 'slow' }, ...extra });
    const bench = (rows: JsonValue[]) => judgeArtifacts(withArtifacts({ bench: { status: 'loaded', data: stamped({ rows }) } }), results);
    expect(verdictOf(results, bench([row({})])).status).toBe('verified');
    expect(verdictOf(results, bench([row({ error: 'watchdog after 500 ms' })])).failures).toEqual(['Benchmark: 1 of 1 failing — k 1 × 32000: watchdog after 500 ms']);
  });

  test('no artifacts: the default is none', () => {
    expect(verdictOf(greenGpuRun(), NO_JUDGED_ARTIFACTS).status).toBe('verified');
  });
});

describe('staleReason', () => {
  const run = { commit: COMMIT, startedAt: STARTED };
  test('fresh: same commit (a short hash matches its full hash), written after the run started', () => {
    expect(staleReason(stamped({}), run)).toBeUndefined();
    expect(staleReason(stamped({}, COMMIT.slice(0, 7)), run)).toBeUndefined();
  });
  test('stale: no stamp, another commit, an unknown run commit, written before the run started', () => {
    expect(staleReason({ rows: [] }, run)).toMatch(/unknown commit/);
    expect(staleReason(stamped({}, OTHER_COMMIT), run)).toMatch(/made from commit fedcba9876; the suites ran on 0123456789/);
    expect(staleReason(stamped({}), { startedAt: STARTED })).toMatch(/suites run's commit is unknown/);
    expect(staleReason(stamped({}, COMMIT, '2025-12-31T23:59:59.000Z'), run)).toMatch(/before the suites run started/);
    expect(staleReason(stamped({}, COMMIT, 'yesterday'), run)).toBe('no createdAt stamp');
  });
});
