import { describe, expect, test } from 'vitest';
import { buildItem } from './build-item.ts';
import { buildResults, type CollectInput } from './collect.ts';
import { REPORT_SCHEMA_VERSION } from './schema.ts';
import { syntheticResults } from '../../test/report/synthetic.ts';

const base: CollectInput = {
  createdAt: '2026-01-01T00:00:00.000Z',
  environment: { node: 'v20', platform: 'linux-x64', ci: false },
  tests: [],
  recorded: [],
  unhandledErrors: [],
};

const keysDeep = (o: object): string[] => Object.keys(o).sort();

describe('results.json schema (changing these lists is a schema change: bump REPORT_SCHEMA_VERSION)', () => {
  const r = syntheticResults();
  test('top-level keys', () => {
    expect(r.schema).toBe(REPORT_SCHEMA_VERSION);
    expect(keysDeep(r)).toEqual(['createdAt', 'device', 'environment', 'git', 'kernels', 'schema', 'sections', 'summary', 'tests', 'unhandledErrors']);
    expect(keysDeep(r.environment)).toEqual(['ci', 'node', 'platform']);
    expect(keysDeep(r.summary)).toEqual(['failed', 'passed', 'skipped']);
  });
  test('kernel and record keys', () => {
    const k = r.kernels.topk_sample;
    if (k === undefined) throw new Error('synthetic kernel missing');
    expect(keysDeep(k)).toEqual(['bandwidth', 'checks', 'chiSquare', 'mutants', 'notApplicable', 'replay', 'reproduce', 'timings']);
    expect(keysDeep(k.checks[0] ?? {})).toEqual(['check', 'checked', 'findingCount', 'findings', 'kernel', 'ok', 'test']);
    expect(keysDeep(k.timings[1] ?? {})).toEqual(['batch', 'budgetMs', 'bytes', 'kernel', 'ms', 'test', 'vocab']);
    expect(keysDeep(k.chiSquare[0] ?? {})).toEqual(['case', 'cells', 'df', 'draws', 'expected', 'kernel', 'labels', 'minDetectableTv', 'observed', 'pValue', 'power', 'test']);
    expect(keysDeep(k.bandwidth[0] ?? {})).toEqual(['gbps', 'kernel', 'pctOfCopy', 'shape', 'test']);
    expect(keysDeep(k.replay[0] ?? {})).toEqual(['exact', 'kernel', 'mismatches', 'nearBoundary', 'rows', 'test']);
    expect(keysDeep(k.reproduce[0] ?? {})).toEqual(['command', 'fixture', 'kernel', 'seed', 'test']);
    expect(keysDeep(r.tests[1] ?? {})).toEqual(['durationMs', 'errors', 'file', 'fullName', 'name', 'project', 'recorded', 'state']);
  });
  test('round-trips through JSON unchanged', () => {
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe('buildResults', () => {
  test('counts states and groups records by kernel, tagged with their test', () => {
    const r = buildResults({
      ...base,
      tests: [
        { file: 'a', name: 'x', fullName: 'x', project: 'p', state: 'passed', errors: [], recorded: 1 },
        { file: 'a', name: 'y', fullName: 'y', project: 'p', state: 'failed', errors: [{ message: 'm' }], recorded: 0 },
        { file: 'a', name: 'z', fullName: 'z', project: 'p', state: 'skipped', skipReason: 'no GPU', errors: [], recorded: 0 },
      ],
      recorded: [
        { source: 'a > x', items: [buildItem.timing({ kernel: 'k2', batch: 1, vocab: 2, ms: 1, budgetMs: 5 })] },
        { source: 'a > y', items: [buildItem.timing({ kernel: 'k1', batch: 1, vocab: 2, ms: 2, budgetMs: 5 })] },
      ],
    });
    expect(r.summary).toEqual({ passed: 1, failed: 1, skipped: 1 });
    expect(Object.keys(r.kernels)).toEqual(['k1', 'k2']);
    expect(r.kernels.k1?.timings[0]?.test).toBe('a > y');
    expect(r.device).toBeUndefined();
    expect(r.git).toEqual({});
  });

  test('"__proto__" as a kernel name is an ordinary key, not a prototype change', () => {
    const r = buildResults({ ...base, recorded: [{ source: 's', items: [buildItem.bandwidth({ kernel: '__proto__', shape: 's', gbps: 1, pctOfCopy: 2 })] }] });
    expect(Object.getPrototypeOf(r.kernels)).toBe(Object.prototype);
    expect(Object.keys(r.kernels)).toEqual(['__proto__']);
    expect(JSON.parse(JSON.stringify(r)).kernels.__proto__.bandwidth).toHaveLength(1);
  });

  test('prefers a device that ran over one that did not, whatever the order', () => {
    const off = buildItem.device({ available: false, reason: 'no HIP' });
    const on = buildItem.device({ available: true, name: 'H100' });
    const r = buildResults({ ...base, recorded: [{ source: 's1', items: [off] }, { source: 's2', items: [on] }] });
    expect(r.device).toEqual({ available: true, name: 'H100' });
    expect(buildResults({ ...base, recorded: [{ source: 's1', items: [off] }] }).device).toEqual({ available: false, reason: 'no HIP' });
  });

  test('gathers generic sections and keeps unknown kinds visible', () => {
    const r = buildResults({
      ...base,
      recorded: [{ source: 's', items: [buildItem.section('mutation', { score: 1 }), { kind: 'future', data: { a: 1 } } as never] }],
    });
    expect(r.sections).toEqual({ mutation: [{ score: 1 }], 'unknown:future': [{ a: 1 }] });
  });
});

describe('run facts', () => {
  test('start time, how the run ended and errors outside tests are kept when given', () => {
    const r = buildResults({ ...base, startedAt: '2025-12-31T23:59:00.000Z', run: { end: 'failed' }, fileErrors: [{ file: 'suites/a.test.ts', message: 'boom' }] });
    expect(r).toMatchObject({ startedAt: '2025-12-31T23:59:00.000Z', run: { end: 'failed' }, fileErrors: [{ file: 'suites/a.test.ts', message: 'boom' }] });
    expect(keysDeep(buildResults(base))).not.toContain('run');
  });
});
