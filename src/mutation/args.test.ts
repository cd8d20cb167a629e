import { describe, expect, it } from 'vitest';
import { parseScriptArgs } from './args.ts';

describe('parseScriptArgs', () => {
  it('parses every option', () => {
    expect(parseScriptArgs(['--only', 'a,b', '--only', 'c', '--list', '--strict', '--bail', '--families', 'topk,sample', '--timeout-s', '30'])).toEqual({
      only: ['a', 'b', 'c'], list: true, strict: true, bail: true, families: ['topk', 'sample'], timeoutMs: 30_000,
    });
    expect(parseScriptArgs([])).toMatchObject({ only: [], families: null, timeoutMs: 600_000, bail: false });
  });
  it('rejects unknown options, missing values and bad timeouts', () => {
    expect(() => parseScriptArgs(['--bogus'])).toThrow(/unknown option '--bogus'/);
    expect(() => parseScriptArgs(['--only'])).toThrow(/--only needs a value/);
    expect(() => parseScriptArgs(['--timeout-s', '-1'])).toThrow(RangeError);
  });
});
