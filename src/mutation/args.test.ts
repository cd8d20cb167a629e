import { describe, expect, it } from 'vitest';
import { defaultJobs, intArg, listArg, parseCli, suiteRunArgs } from './args.ts';

describe('script arguments', () => {
  it('parses with parseArgs: strict options, the usage line on a bad one', () => {
    const opts = { only: { type: 'string', multiple: true }, list: { type: 'boolean' } } as const;
    expect(parseCli(['--only', 'a,b', '--only', 'c', '--list'], opts, 'u')).toEqual({ only: ['a,b', 'c'], list: true });
    expect(() => parseCli(['--bogus'], opts, 'npm run x -- [--list]')).toThrow(/Unknown option '--bogus'[\s\S]*usage: npm run x -- \[--list\]/);
    expect(() => parseCli(['--only'], opts, 'u')).toThrow(/argument missing/);
    expect(() => parseCli(['stray'], opts, 'u')).toThrow(/Unexpected argument 'stray'/);
  });
  it('splits comma lists and checks integer ranges, naming the option', () => {
    expect(listArg(['a,b', ' c ', ''])).toEqual(['a', 'b', 'c']);
    expect(listArg(undefined)).toEqual([]);
    expect(intArg(undefined, '--count', 1, 10, 5)).toBe(5);
    expect(intArg('7', '--count', 1, 10, 5)).toBe(7);
    expect(() => intArg('0', '--count', 1, 10, 5)).toThrow(/--count must be an integer in \[1, 10\], got 0/);
    expect(() => intArg('x', '--count', 1, 10, 5)).toThrow(/got x/);
  });
  it('suite runs: one per 4 cores between 1 and 4 by default, the timeout in seconds', () => {
    expect([1, 2, 4, 7, 8, 16, 128].map((c) => defaultJobs(c))).toEqual([1, 1, 1, 1, 2, 4, 4]);
    expect(suiteRunArgs({}, 16)).toEqual({ jobs: 4, timeoutMs: 600_000 });
    expect(suiteRunArgs({ jobs: '3', 'timeout-s': '30' }, 16)).toEqual({ jobs: 3, timeoutMs: 30_000 });
    expect(() => suiteRunArgs({ jobs: '0' })).toThrow(/--jobs must be an integer in \[1, 64\], got 0/);
    expect(() => suiteRunArgs({ 'timeout-s': '-1' })).toThrow(/--timeout-s must be an integer in \[1, 86400\]/);
  });
});
