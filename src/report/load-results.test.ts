import { describe, expect, test } from 'vitest';
import { parseResults } from './load-results.ts';
import { syntheticResults } from '../../test/report/synthetic.ts';

describe('parseResults', () => {
  test('round-trips a written results object', () => {
    const r = syntheticResults();
    expect(parseResults(JSON.stringify(r))).toEqual(r);
  });

  test('rejects other schema versions, non-JSON and missing parts with the field named', () => {
    const r = syntheticResults();
    expect(() => parseResults(JSON.stringify({ ...r, schema: 2 }), 'x.json')).toThrow(new RangeError('x.json.schema must be 1, got 2'));
    expect(() => parseResults('{', 'x.json')).toThrow(/x\.json is not valid JSON/);
    expect(() => parseResults('[]')).toThrow(/results\.json\.schema must be 1/);
    expect(() => parseResults(JSON.stringify({ ...r, kernels: null }))).toThrow(/results\.json\.kernels must be an object/);
    expect(() => parseResults(JSON.stringify({ ...r, tests: {} }))).toThrow(/results\.json\.tests must be an array/);
  });

  test('fills fields an older file of the same version may lack', () => {
    const { sections: _s, unhandledErrors: _u, ...older } = syntheticResults();
    const parsed = parseResults(JSON.stringify(older));
    expect(parsed.sections).toEqual({});
    expect(parsed.unhandledErrors).toEqual([]);
  });
});
