import { describe, expect, test } from 'vitest';
import { requireBoolean, requireCounts, requireInteger, requireNumber, requireObject, requireText, requireU64 } from './validate.ts';

describe('validators', () => {
  test('requireText names the argument and the allowed length', () => {
    expect(requireText('k', 'x')).toBe('x');
    expect(() => requireText('timing.kernel', 3)).toThrow(new TypeError('timing.kernel must be a string, got number'));
    expect(() => requireText('timing.kernel', '')).toThrow(/timing\.kernel must be a non-empty string of at most 10000/);
    expect(() => requireText('n', 'abc', 2)).toThrow(RangeError);
  });

  test('requireNumber rejects NaN, infinities and out-of-range values', () => {
    expect(requireNumber('p', 0.5, 0, 1)).toBe(0.5);
    expect(() => requireNumber('p', Number.NaN)).toThrow(/p must be a finite number/);
    expect(() => requireNumber('p', Infinity)).toThrow(RangeError);
    expect(() => requireNumber('p', 1.5, 0, 1)).toThrow(/in \[0, 1\], got 1.5/);
    expect(() => requireNumber('p', '1')).toThrow(TypeError);
  });

  test('requireInteger', () => {
    expect(requireInteger('rows', 3)).toBe(3);
    expect(() => requireInteger('rows', 2.5)).toThrow(/rows must be an integer in \[0, /);
    expect(() => requireInteger('batch', 0, 1)).toThrow(RangeError);
    expect(() => requireInteger('rows', 2 ** 60)).toThrow(RangeError);
  });

  test('requireU64 accepts bigint, safe integers and decimal strings; keeps every digit', () => {
    expect(requireU64('seed', 2n ** 64n - 1n)).toBe('18446744073709551615');
    expect(requireU64('seed', 42)).toBe('42');
    expect(requireU64('seed', '18446744073709551615')).toBe('18446744073709551615');
    expect(() => requireU64('seed', 2n ** 64n)).toThrow(/seed must be in \[0, 2\^64 - 1\]/);
    expect(() => requireU64('seed', -1n)).toThrow(RangeError);
    expect(() => requireU64('seed', '0x10')).toThrow(TypeError);
    expect(() => requireU64('seed', 1.5)).toThrow(RangeError);
  });

  test('requireCounts converts typed arrays and rejects negative or empty counts', () => {
    expect(requireCounts('obs', new Float64Array([1, 2]))).toEqual([1, 2]);
    expect(() => requireCounts('obs', [1, -1])).toThrow(/obs\[1\] must be a finite number in \[0, /);
    expect(() => requireCounts('obs', [])).toThrow(RangeError);
    expect(() => requireCounts('obs', 'abc')).toThrow(TypeError);
  });

  test('requireBoolean and requireObject', () => {
    expect(() => requireBoolean('ok', 1)).toThrow(new TypeError('ok must be a boolean, got number'));
    expect(() => requireObject('timing', null)).toThrow(new TypeError('timing must be an object'));
  });
});
