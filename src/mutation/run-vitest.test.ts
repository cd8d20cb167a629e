import { describe, expect, it } from 'vitest';
import { vitestArgs } from './run-vitest.ts';

describe('vitestArgs', () => {
  it('runs the suites project on the named folders with the JSON reporter', () => {
    const a = vitestArgs('/r', ['topk', 'rng'], '/w/v.json');
    expect(a.slice(1)).toEqual(['run', 'suites/topk/', 'suites/rng/', '--project', 'suites', '--reporter=json', '--outputFile=/w/v.json']);
  });
  it('adds a test-name filter only when asked', () => {
    expect(vitestArgs('/r', ['topk'], '/o', 'committed fixtures').slice(-2)).toEqual(['-t', 'committed fixtures']);
  });
  it('adds --bail=1 only when asked', () => {
    expect(vitestArgs('/r', ['topk'], '/o', undefined, true).at(-1)).toBe('--bail=1');
    expect(vitestArgs('/r', ['topk'], '/o')).not.toContain('--bail=1');
  });
  it('rejects an empty family list and a non-folder name', () => {
    expect(() => vitestArgs('/r', [], '/o')).toThrow(/families must name at least one suite folder/);
    expect(() => vitestArgs('/r', ['../x'], '/o')).toThrow(/families entry '..\/x' is not a folder name/);
  });
});
