import { describe, expect, test } from 'vitest';
import { extractRows, flatten, isNonZero, pick } from './artifact-rows.ts';

describe('extractRows', () => {
  test('a top-level array of objects', () => {
    const r = extractRows([{ a: 1 }, { a: 2, b: 'x' }], 'f.json', ['rows']);
    expect(r).toEqual({ rows: [{ a: 1 }, { a: 2, b: 'x' }], meta: [], warnings: [] });
  });

  test('a named list, with scalar and one-level object fields kept as meta', () => {
    const r = extractRows({ device: { name: 'H100' }, copyGbps: 2900, rows: [{ k: 'a' }], deep: { x: { y: 1 } } }, 'b.json', ['rows']);
    expect(r.rows).toEqual([{ k: 'a' }]);
    expect(r.meta).toEqual([['device.name', 'H100'], ['copyGbps', 2900]]);
    expect(r.warnings).toEqual([]);
  });

  test('without a named list, the first array of objects', () => {
    expect(extractRows({ n: 2, things: [{ a: 1 }] }, 'f.json', ['rows']).rows).toEqual([{ a: 1 }]);
  });

  test('a map of maps (kernel → target → numbers) becomes one row per pair', () => {
    const data = { kernels: { topp: { sm_90: { registers: 40 }, gfx90a: { vgprs: 36 } } } };
    expect(extractRows(data, 'c.json', ['kernels'], ['kernel', 'target']).rows).toEqual([
      { kernel: 'topp', target: 'sm_90', registers: 40 },
      { kernel: 'topp', target: 'gfx90a', vgprs: 36 },
    ]);
  });

  test('a top-level map keyed by id', () => {
    const r = extractRows({ 'm-1': { killed: true }, 'm-2': { killed: false } }, 'm.json', ['mutants'], ['id', 'x']);
    expect(r.rows).toEqual([{ id: 'm-1', killed: true }, { id: 'm-2', killed: false }]);
  });

  test('non-object rows and unknown shapes are warnings, never throws', () => {
    const r = extractRows({ rows: [{ a: 1 }, 7, null] }, 'b.json', ['rows']);
    expect(r.rows).toEqual([{ a: 1 }]);
    expect(r.warnings).toEqual(['b.json.rows[1] is not an object (got 7); skipped', 'b.json.rows[2] is not an object (got null); skipped']);
    expect(extractRows(42, 'b.json', ['rows']).warnings).toEqual(['b.json must hold a JSON object or array, got 42']);
    expect(extractRows({ rows: 'soon' }, 'b.json', ['rows']).warnings[0]).toMatch(/b\.json\.rows must be a list or a map/);
    expect(extractRows({ version: 1 }, 'b.json', ['rows', 'results']).warnings[0]).toMatch(/holds no list of results \(looked for "rows", "results"/);
  });
});

describe('cells', () => {
  test('flatten: nested scalars become dotted columns, scalar lists are joined, deeper values are JSON', () => {
    expect(flatten({ r: { sgpr: 1, vgpr: 2 }, w: ['a', 'b'], e: [], deep: [{ x: 1 }] })).toEqual({ 'r.sgpr': 1, 'r.vgpr': 2, w: 'a, b', e: '', deep: '[{"x":1}]' });
  });

  test('pick takes the first alias present; isNonZero', () => {
    expect(pick({ vgprs: 3, registers: 9 }, ['registers', 'vgprs'])).toBe(9);
    expect(pick({ vgprs: 3 }, ['registers', 'vgprs'])).toBe(3);
    expect(pick({}, ['x'])).toBeUndefined();
    expect([0, 2, '', '0', 'w', true, false, null, undefined].map(isNonZero)).toEqual([false, true, false, false, true, true, false, false, false]);
  });
});
