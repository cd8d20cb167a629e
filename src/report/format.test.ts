import { describe, expect, test } from 'vitest';
import { fmt, fmtBytes } from './format.ts';

describe('fmt', () => {
  test('small p-values in exponent form, ordinary values compact', () => {
    expect(fmt(1.2e-9)).toBe('1.20e-9');
    expect(fmt(0.42)).toBe('0.42');
    expect(fmt(0)).toBe('0');
    expect(fmt(128_256)).toBe('128,256');
    expect(fmt(1450.25)).toBe('1,450.3');
    expect(fmt(3.7)).toBe('3.7');
    expect(fmt(Number.NaN)).toBe('NaN');
  });
  test('bytes in binary units', () => {
    expect(fmtBytes(512)).toBe('512 B');
    expect(fmtBytes(80 * 2 ** 30)).toBe('80 GiB');
  });
});
