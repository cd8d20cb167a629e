import { beforeAll, describe, expect, test } from 'vitest';
import { readItems } from './meta.ts';
import { record, recordOn } from './record.ts';

describe('record (inside a running test)', () => {
  let suiteMeta: object = {};
  beforeAll(({}, suite) => {
    recordOn(suite).device({ available: false, reason: 'recorded from beforeAll' });
    suiteMeta = suite.meta;
  });

  test('appends validated items to the current test meta', ({ task }) => {
    record.timing({ kernel: 'k', batch: 1, vocab: 4, ms: 0.5, budgetMs: 10 });
    record.bandwidth({ kernel: 'k', shape: '1 × 4', gbps: 10, pctOfCopy: 1 });
    expect(readItems(task.meta).map((i) => i.kind)).toEqual(['timing', 'bandwidth']);
  });

  test('each test gets its own items', ({ task }) => {
    record.section('s', 1);
    expect(readItems(task.meta)).toEqual([{ kind: 'section', data: { name: 's', data: 1 } }]);
  });

  test('a rejected record adds nothing', ({ task }) => {
    expect(() => record.replay({ kernel: 'k', rows: 1, exact: 2, nearBoundary: 0, mismatches: 0 })).toThrow(RangeError);
    expect(readItems(task.meta)).toEqual([]);
  });

  test('recordOn(suite) in beforeAll writes to the suite meta', () => {
    expect(readItems(suiteMeta)).toEqual([{ kind: 'device', data: { available: false, reason: 'recorded from beforeAll' } }]);
  });

  test('recordOn rejects something without meta', () => {
    expect(() => recordOn({} as never)).toThrow(/recordOn task\.meta must be an object/);
  });
});

describe('record outside a test', () => {
  let error: unknown;
  beforeAll(() => {
    try {
      record.timing({ kernel: 'k', batch: 1, vocab: 1, ms: 1, budgetMs: 1 });
    } catch (e) {
      error = e;
    }
  });
  test('throws a clear error pointing at recordOn', () => {
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toMatch(/outside a running test.*recordOn\(suite\)/);
  });
});
