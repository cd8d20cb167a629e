import { describe, expect, it } from 'vitest';
import { DEFAULT_PATTERN, parseRerunArgs, summarizeVitestJson } from './reruns.ts';

describe('reruns', () => {
  it('defaults to 20 reruns of every seed-dependent suite test', () => {
    expect(parseRerunArgs([])).toEqual({ count: 20, pattern: DEFAULT_PATTERN, families: [] });
    expect(parseRerunArgs(['--count', '3', '--families', 'topp, topk'])).toEqual({ count: 3, pattern: DEFAULT_PATTERN, families: ['topp', 'topk'] });
  });

  it('rejects a bad count or an unknown argument, naming it', () => {
    expect(() => parseRerunArgs(['--count', '0'])).toThrow(/--count must be an integer in \[1, 1000\], got 0/);
    expect(() => parseRerunArgs(['--bogus'])).toThrow(/Unknown option '--bogus'[\s\S]*usage: npm run reruns/);
    expect(() => parseRerunArgs(['--pattern', '(['])).toThrow(/--pattern must be a regular expression/);
  });

  it('counts failures from the vitest JSON report', () => {
    const s = summarizeVitestJson({
      numPassedTests: 5,
      numFailedTests: 1,
      testResults: [{ assertionResults: [{ fullName: 'topp: chi-square agreement', status: 'failed' }, { fullName: 'x', status: 'passed' }] }],
    });
    expect(s).toEqual({ passed: 5, failed: 1, failures: ['topp: chi-square agreement'] });
  });

  it('the default pattern selects the seed-dependent tests by their full names, not the budget tests', () => {
    const re = new RegExp(DEFAULT_PATTERN);
    for (const name of [
      'topp: chi-square agreement ≥ 1000000 draws per case',
      'fused: valid token range, filter guarantees and exact replay on generated rows fast-check batches (adversarial values included) and seeds',
      'topk: determinism same (seed, offset) → identical tokens across launches and across batch compositions',
    ]) expect(re.test(name), name).toBe(true);
    expect(re.test('topp: watchdog budget batch 1 × vocab 111: every launch under the budget (500 ms)')).toBe(false);
  });
});
