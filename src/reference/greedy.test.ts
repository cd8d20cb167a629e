import { describe, expect, it } from 'vitest';
import { INVALID_ROW_TOKEN } from '../types.ts';
import { argmax } from './greedy.ts';

describe('argmax', () => {
  it('returns the lowest index among maxima', () => {
    expect(argmax([1, 3, 2, 3])).toBe(1);
    expect(argmax([-Infinity, -5, -Infinity])).toBe(1);
  });
  it('returns INVALID_ROW_TOKEN for NaN, +inf and all −inf rows', () => {
    expect(argmax([1, Number.NaN, 5])).toBe(INVALID_ROW_TOKEN);
    expect(argmax([1, Infinity])).toBe(INVALID_ROW_TOKEN);
    expect(argmax([-Infinity, -Infinity])).toBe(INVALID_ROW_TOKEN);
  });
  it('rejects an empty row', () => {
    expect(() => argmax([])).toThrow(/row.length must be >= 1/);
  });
});
