import { describe, expect, test } from 'vitest';
import { MAX_FINDINGS, buildItem } from './build-item.ts';

const chi = {
  kernel: 'k', case: 'c', draws: 100, pValue: 0.3, df: 2, minDetectableTv: 0.1, power: 0.8,
  observed: [30, 30, 40], expected: [33, 33, 34],
};

describe('buildItem', () => {
  test('timing keeps optional bytes only when given', () => {
    expect(buildItem.timing({ kernel: 'k', batch: 2, vocab: 8, ms: 1, budgetMs: 10 }).data).not.toHaveProperty('bytes');
    expect(buildItem.timing({ kernel: 'k', batch: 2, vocab: 8, ms: 1, budgetMs: 10, bytes: 64 }).data).toHaveProperty('bytes', 64);
    expect(() => buildItem.timing({ kernel: 'k', batch: 0, vocab: 8, ms: 1, budgetMs: 10 })).toThrow(/timing\.batch/);
    expect(() => buildItem.timing({ kernel: 'k', batch: 1, vocab: 8, ms: Number.NaN, budgetMs: 10 })).toThrow(/timing\.ms/);
  });

  test('chiSquare truncates long histograms and labels cells by token index', () => {
    const long = Array.from({ length: 100 }, (_, i) => 100 - i);
    const item = buildItem.chiSquare({ ...chi, observed: long, expected: long });
    if (item.kind !== 'chiSquare') throw new Error('wrong kind');
    expect(item.data.cells).toBe(100);
    expect(item.data.labels).toHaveLength(41);
    expect(item.data.labels[0]).toBe('0');
    expect(item.data.labels.at(-1)).toBe('other');
  });

  test('chiSquare rejects bad statistics', () => {
    expect(() => buildItem.chiSquare({ ...chi, pValue: 1.2 })).toThrow(/chiSquare\.pValue must be a finite number in \[0, 1\]/);
    expect(() => buildItem.chiSquare({ ...chi, holmAdjusted: -0.1 })).toThrow(/chiSquare\.holmAdjusted/);
    expect(() => buildItem.chiSquare({ ...chi, expected: [1, 2] })).toThrow(/chiSquare\.expected must have observed's length 3/);
    expect(() => buildItem.chiSquare({ ...chi, labels: ['a'] })).toThrow(/chiSquare\.labels/);
    expect(() => buildItem.chiSquare({ ...chi, df: 0 })).toThrow(/chiSquare\.df/);
  });

  test('check keeps the first findings, counts all, and makes non-finite values JSON-safe', () => {
    const findings = Array.from({ length: 30 }, (_, i) => ({ row: i, message: 'bad', values: { got: Number.NaN, want: -Infinity, ok: false } }));
    const item = buildItem.check({ kernel: 'k', check: 'range', ok: false, checked: 30, findings });
    if (item.kind !== 'check') throw new Error('wrong kind');
    expect(item.data.findings).toHaveLength(MAX_FINDINGS);
    expect(item.data.findingCount).toBe(30);
    expect(item.data.findings[0]?.values).toEqual({ got: 'NaN', want: '-Infinity', ok: false });
    expect(JSON.parse(JSON.stringify(item))).toEqual(item);
  });

  test('check refuses ok=true with findings (ok iff no findings)', () => {
    expect(() => buildItem.check({ kernel: 'k', check: 'c', ok: true, checked: 1, findings: [{ row: 0, message: 'm' }] })).toThrow(RangeError);
  });

  test('checkResult maps a CheckResult (stage → check) and validates it like check', () => {
    const result = { stage: 'in-range', ok: false, detail: { checked: 8, findings: [{ row: 2, index: 9, message: 'token ≥ vocab' }] } };
    expect(buildItem.checkResult('k', result)).toEqual({
      kind: 'check',
      data: { kernel: 'k', check: 'in-range', ok: false, checked: 8, findings: [{ row: 2, index: 9, message: 'token ≥ vocab' }], findingCount: 1 },
    });
    expect(() => buildItem.checkResult('k', { stage: 'x', ok: true, detail: { checked: -1, findings: [] } })).toThrow(/check\.checked/);
    expect(() => buildItem.checkResult('k', { stage: 'x', ok: true } as never)).toThrow(/checkResult result\.detail must be an object/);
  });

  test('replay counts cannot exceed rows', () => {
    expect(() => buildItem.replay({ kernel: 'k', rows: 4, exact: 5, nearBoundary: 0, mismatches: 0 })).toThrow(/replay\.exact must be an integer in \[0, 4\]/);
  });

  test('reproduce stores the seed as a decimal string', () => {
    expect(buildItem.reproduce({ kernel: 'k', command: 'npx vitest', seed: 2n ** 64n - 1n }).data).toEqual({
      kernel: 'k', command: 'npx vitest', seed: '18446744073709551615',
    });
  });

  test('device without a GPU needs a reason; unknown fields are dropped', () => {
    expect(() => buildItem.device({ available: false })).toThrow(/device\.reason is required/);
    const info = { available: true, name: 'MI250X', arch: 'gfx90a', secret: 'x' } as unknown as Parameters<typeof buildItem.device>[0];
    expect(buildItem.device(info).data).toEqual({ available: true, name: 'MI250X', arch: 'gfx90a' });
  });

  test('section accepts JSON data only', () => {
    expect(buildItem.section('mutation', { score: 0.5, list: [1, 'a', null] }).data).toEqual({ name: 'mutation', data: { score: 0.5, list: [1, 'a', null] } });
    expect(() => buildItem.section('m', { x: Number.NaN })).toThrow(/section data\.x/);
    expect(() => buildItem.section('m', new Date() as never)).toThrow(TypeError);
    expect(() => buildItem.section('', 1)).toThrow(/section name/);
  });

  test('mutant', () => {
    expect(buildItem.mutant({ kernel: 'k', mutant: 'm1', killed: false }).data).toEqual({ kernel: 'k', mutant: 'm1', killed: false });
    expect(() => buildItem.mutant({ kernel: 'k', mutant: 'm1', killed: 'yes' as never })).toThrow(/mutant\.killed must be a boolean/);
  });
});

test('check keeps an optional case apart from the kernel; device carries SMs, warp size and driver', () => {
  const c = buildItem.checkResult('softmax', { stage: 'valid-flags', ok: true, detail: { checked: 2, findings: [] } } as never, '99×32000');
  expect(c.data).toMatchObject({ kernel: 'softmax', check: 'valid-flags', case: '99×32000' });
  expect(() => buildItem.check({ kernel: 'k', check: 'c', case: 3 as never, ok: true, checked: 1, findings: [] })).toThrow(/check\.case must be a string/);
  expect(buildItem.device({ available: true, name: 'H100', multiprocessors: 132, warpSize: 32, driver: '13.0' }).data)
    .toEqual({ available: true, name: 'H100', multiprocessors: 132, warpSize: 32, driver: '13.0' });
  expect(() => buildItem.device({ available: true, warpSize: 0 })).toThrow(/device\.warpSize must be an integer/);
});
