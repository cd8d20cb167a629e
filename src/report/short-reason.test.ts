import { describe, expect, test } from 'vitest';
import { shortReason } from './short-reason.ts';

describe('shortReason', () => {
  test('drops nested parenthesised detail and keeps the gist of each part', () => {
    const long = 'cuda: no driver library (could not load any of libcuda.so.1 (Failed to load shared library: cannot open shared object file: No such file or directory); libcuda.so (Failed to load shared library)); hip: driver libamdhip64.so found but no device (hipGetDeviceCount → hipErrorNoDevice (100))';
    expect(shortReason(long)).toBe('cuda: no driver library; hip: driver libamdhip64.so found but no device');
  });
  test('keeps the first line and caps the length', () => {
    expect(shortReason('first line\nsecond')).toBe('first line');
    const capped = shortReason('x'.repeat(500), 20);
    expect(capped).toHaveLength(20);
    expect(capped.endsWith('…')).toBe(true);
  });
  test('drops the innermost detail first, stopping once the line reads short', () => {
    const long = 'no GPU (cuda: no driver library (could not load any of libcuda.so.1 (Failed to load shared library: cannot open shared object file: No such file or directory)); hip: driver libamdhip64.so found but no device (hipInit → hipErrorInvalidDevice (101)))';
    expect(shortReason(long)).toBe('no GPU (cuda: no driver library; hip: driver libamdhip64.so found but no device)');
    expect(shortReason('expected 3 (got 4)')).toBe('expected 3 (got 4)');
  });
  test('a reason that is all parentheses is kept rather than emptied', () => {
    expect(shortReason(`(${'x'.repeat(120)})`)).toHaveLength(122);
  });
});
