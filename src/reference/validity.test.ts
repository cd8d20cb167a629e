import { describe, expect, it } from 'vitest';
import { isValidLogitRow, isValidProbRow } from './validity.ts';

describe('isValidProbRow', () => {
  it('accepts finite rows in [0, 1] with positive fixed-point total', () => {
    expect(isValidProbRow([0.1, 0.2, 0.7])).toBe(true);
    expect(isValidProbRow([0, 0, 1e-3])).toBe(true);
  });
  it('rejects NaN, inf, negatives, entries above 1, all zero and mass below 2^-32', () => {
    expect(isValidProbRow([Number.NaN, 1])).toBe(false);
    expect(isValidProbRow([Infinity, 0])).toBe(false);
    expect(isValidProbRow([-0.1, 0.5])).toBe(false);
    expect(isValidProbRow([1.5, 0])).toBe(false);
    expect(isValidProbRow([0, 0])).toBe(false);
    expect(isValidProbRow([2 ** -33, 2 ** -34])).toBe(false);
    expect(isValidProbRow([])).toBe(false);
  });
});

describe('isValidLogitRow', () => {
  it('accepts rows with a finite entry and −inf elsewhere', () => {
    expect(isValidLogitRow([-Infinity, 3, -Infinity])).toBe(true);
  });
  it('rejects NaN, +inf and all −inf', () => {
    expect(isValidLogitRow([Number.NaN, 1])).toBe(false);
    expect(isValidLogitRow([Infinity, 1])).toBe(false);
    expect(isValidLogitRow([-Infinity, -Infinity])).toBe(false);
  });
});
