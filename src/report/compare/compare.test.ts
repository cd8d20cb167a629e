import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { BenchPoint } from '../bench-rows.ts';
import { compareRuns, loadRun, type LoadedRun } from './compare.ts';
import { comparePerf, parsePercent, perfFlag } from './perf.ts';
import { caseWithoutSeed } from './chi.ts';
import { compareMatrices, verdictChanges } from './changes.ts';
import { checkMatrix } from '../matrix.ts';
import { buildItem } from '../build-item.ts';
import { runResults, testEntry } from '../../../test/report/runs.ts';
import { TESTDATA } from '../../../test/report/make-compare-testdata.ts';

const run = (name: string): LoadedRun => loadRun(join(TESTDATA, name, 'results.json'));

describe('compareRuns on recorded runs', () => {
  const planted = compareRuns(run('base'), run('head'), { failOnSlowerPct: 10 });
  const noise = compareRuns(run('base'), run('noise'), { failOnSlowerPct: 10 });

  test('verdict changes come regression first, then checks now not applicable, then new kernels', () => {
    expect(planted.changes.map((c) => [c.kind, c.kernel, c.check])).toEqual([
      ['regression', 'top_p_sampling_exact', 'satisfies-top-p'],
      ['now-not-applicable', 'top_p_sampling_exact', 'exact replay'],
      ['new-kernel', 'min_p_sampling', undefined],
    ]);
    expect(planted.changes[1]?.text).toContain('declared rng.mode = seeded');
  });

  test('the planted 20 % slowdown is flagged and fails the gate; noise is never flagged', () => {
    const slower = planted.performance.rows.filter((r) => r.flag === 'slower');
    expect(slower).toHaveLength(1);
    expect(slower[0]).toMatchObject({ kernel: 'top_p_sampling_exact', batch: 64, vocab: 151_936, failsGate: true });
    expect(slower[0]?.ratio).toBeCloseTo(1.2, 6);
    expect(planted.performance.rows.filter((r) => r.flag === 'noise')).toHaveLength(8);
    expect(planted.performance.rows.filter((r) => r.flag === 'new')).toHaveLength(3);
    expect(noise.performance.rows.map((r) => r.flag)).toEqual(Array(9).fill('noise'));
  });

  test('the gate fails for the regression, the FAILED head and the slowdown; noise only passes', () => {
    expect(planted.failures).toEqual([
      'top_p_sampling_exact: satisfies-top-p passed on base and fails on head',
      'the head run is FAILED: top_p_sampling_exact: satisfies-top-p failed in 1 of 3 runs (and 1 more)',
      "top_p_sampling_exact 64 × 151936 is 20.0% slower (outside both runs' p10–p90), more than --fail-on-slower 10%",
    ]);
    expect(noise.failures).toEqual([]);
    expect(noise.changes).toEqual([]);
  });

  test('without --fail-on-slower a measured slowdown is flagged but does not fail the gate by itself', () => {
    const r = compareRuns(run('base'), run('head'));
    expect(r.performance.rows[0]).toMatchObject({ flag: 'slower', failsGate: false });
    expect(r.failures.some((f) => f.includes('slower'))).toBe(false);
  });

  test('commits and the device are stated; chi-square lines up across seeds; compile resources compared', () => {
    expect(planted.notes).toEqual(['base is commit aaaaaaaaaa, head is commit bbbbbbbbbb', 'both runs on NVIDIA H200 (sm_90)']);
    expect(planted.timingsComparable).toBe(true);
    const topk = planted.chiSquare.rows.find((c) => c.kernel === 'top_k_sampling_exact');
    expect(topk).toMatchObject({ case: 'uniform 8', base: { pValue: 0.31 }, head: { pValue: 0.51 } });
    expect(planted.compileGates.rows).toEqual([
      { kernel: 'min_p_sampling', target: 'sm_90', field: 'compiled', base: 'absent', head: 'present' },
      { kernel: 'top_p_sampling_exact', target: 'sm_90', field: 'registers', base: 40, head: 48 },
    ]);
    expect(planted.compileGates.unchanged).toBe(2);
  });

  test('different devices: a warning that timings are not comparable, and the threshold is not applied', () => {
    const head = run('head');
    const other: LoadedRun = { ...head, results: { ...head.results, device: { available: true, name: 'AMD Instinct MI300X', arch: 'gfx942' } } };
    const r = compareRuns(run('base'), other, { failOnSlowerPct: 10 });
    expect(r.timingsComparable).toBe(false);
    expect(r.notes[1]).toBe('timings are not comparable: base ran on NVIDIA H200 (sm_90), head on AMD Instinct MI300X (gfx942); the --fail-on-slower threshold is not applied');
    expect(r.performance.rows.some((p) => p.failsGate)).toBe(false);
  });

  test('an artifact stale on one side is left out and said so', () => {
    const head = run('head');
    const stale: LoadedRun = { ...head, artifacts: { ...head.artifacts, bench: { status: 'stale', data: {}, why: 'made from commit 1234567890; the suites ran on bbbbbbbbbb' } } };
    const r = compareRuns(run('base'), stale);
    expect(r.performance).toEqual({ unavailable: 'the head bench.json is stale (made from commit 1234567890; the suites ran on bbbbbbbbbb)', rows: [] });
    expect(r.notes).toContain('head bench.json left out: made from commit 1234567890; the suites ran on bbbbbbbbbb');
  });
});

describe('verdict changes', () => {
  const t = testEntry('checks', 'passed');
  const matrixOf = (checks: [string, string, boolean][]) => checkMatrix(runResults({
    tests: [t], recorded: [[t, checks.map(([kernel, check, ok]) => buildItem.check({ kernel, check, ok, checked: 1, findings: ok ? [] : [{ row: 0, message: 'x' }] }))]],
  }));
  test('removed kernels, checks no longer run, new failures and fixes, most urgent first', () => {
    const base = matrixOf([['a', 'range', true], ['a', 'replay', true], ['b', 'range', true], ['c', 'range', false]]);
    const head = matrixOf([['a', 'range', true], ['c', 'range', true], ['d', 'range', false]]);
    expect(verdictChanges(head, compareMatrices(base, head)).map((c) => c.text)).toEqual([
      'd: range fails on head (a kernel new on head)',
      'a: replay passed on base and did not run on head',
      'b was on base and is not on head',
      'd is new on head',
      'c: range failed on base and passes on head',
    ]);
  });
});

describe('perf rules', () => {
  const t = (m: number, spread = 0.03) => ({ medianMs: m, p10Ms: m * (1 - spread), p90Ms: m * (1 + spread) });
  test('flagged only when the p10–p90 ranges do not overlap', () => {
    expect(perfFlag(t(1), t(1.05))).toBe('noise');
    expect(perfFlag(t(1), t(1.1))).toBe('slower');
    expect(perfFlag(t(1), t(0.9))).toBe('faster');
    expect(perfFlag(t(1, 0.3), t(1.5, 0.3))).toBe('noise');
  });
  test('a launch that failed on one side is its own flag; rows on one side only are new or removed', () => {
    const p = (kernel: string, timing?: ReturnType<typeof t>): BenchPoint => ({ kernel, batch: 1, vocab: 8, ...(timing === undefined ? { error: 'watchdog' } : { timing }) });
    const rows = comparePerf([p('a', t(1)), p('b', t(1))], [p('a'), p('c', t(1))], 10, true);
    expect(rows.map((r) => [r.kernel, r.flag])).toEqual([['a', 'failed'], ['b', 'removed'], ['c', 'new']]);
  });
  test('--fail-on-slower takes "10%", "10" or "12.5 %" and rejects anything else with the range', () => {
    expect(parsePercent('--fail-on-slower', '10%')).toBe(10);
    expect(parsePercent('--fail-on-slower', '12.5 %')).toBe(12.5);
    expect(() => parsePercent('--fail-on-slower', 'ten')).toThrow("--fail-on-slower must be a percentage in (0, 1000], e.g. 10%, got 'ten'");
    expect(() => parsePercent('--fail-on-slower', '0%')).toThrow(RangeError);
  });
  test('chi-square cases are matched without their seed', () => {
    expect(caseWithoutSeed('zipf params 3 seed=123')).toBe('zipf params 3');
  });
});
