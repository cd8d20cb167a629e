import { describe, expect, it } from 'vitest';
import { defaultJobs, parseScriptArgs } from './args.ts';

describe('parseScriptArgs', () => {
  it('parses every option', () => {
    expect(parseScriptArgs(['--only', 'a,b', '--only', 'c', '--list', '--strict', '--bail', '--families', 'topk,sample', '--timeout-s', '30', '--jobs', '3'])).toEqual({
      only: ['a', 'b', 'c'], list: true, strict: true, bail: true, families: ['topk', 'sample'], timeoutMs: 30_000, jobs: 3,
    });
    expect(parseScriptArgs([], 16)).toMatchObject({ only: [], families: null, timeoutMs: 600_000, bail: false, jobs: 4 });
  });
  it('defaults to one run per 4 cores, between 1 and 4', () => {
    expect([1, 2, 4, 7, 8, 16, 128].map((c) => defaultJobs(c))).toEqual([1, 1, 1, 1, 2, 4, 4]);
  });
  it('rejects unknown options, missing values and bad timeouts', () => {
    expect(() => parseScriptArgs(['--bogus'])).toThrow(/unknown option '--bogus'/);
    expect(() => parseScriptArgs(['--only'])).toThrow(/--only needs a value/);
    expect(() => parseScriptArgs(['--timeout-s', '-1'])).toThrow(RangeError);
    expect(() => parseScriptArgs(['--jobs', '0'])).toThrow(/--jobs must be an integer in \[1, 64\], got 0/);
  });
});
