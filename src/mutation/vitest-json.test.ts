import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { failureKey, familyOf, parseVitestJson } from './vitest-json.ts';

// A real report written by vitest 4.1.12 (--reporter=json) for three files: a failed assertion, a throwing
// beforeAll (watchdog message) and an import error; absolute paths replaced by /repo/.
const sample = readFileSync(new URL('./testdata/vitest-report.sample.json', import.meta.url), 'utf8');

describe('parseVitestJson', () => {
  it('classifies test and file-level failures of a real report', () => {
    const r = parseVitestJson(sample);
    expect(r).toMatchObject({ passed: 1, failed: 1, skipped: 2, files: 3 });
    expect(r.failures.map((f) => [f.family, f.name])).toEqual([
      ['sampling', 'top_k_sampling_exact valid-flags: invalid rows'],
      ['sampling', '(file)'],
      ['sampling', '(file)'],
    ]);
    expect(r.failures[1]?.messages[0]).toContain('watchdog');
    expect(r.failures[2]?.messages[0]).toContain('Cannot find module');
  });
  it('rejects malformed input naming the field', () => {
    expect(() => parseVitestJson('not json')).toThrow(/not JSON/);
    expect(() => parseVitestJson('{}')).toThrow(/root.testResults must be an array/);
    expect(() => parseVitestJson('{"testResults":[{"name":1}]}')).toThrow(/testResults\[0\].name must be a string/);
  });
  it('finds the family folder and a run-independent key', () => {
    expect(familyOf('/a/b/suites/topk/x.test.ts')).toBe('topk');
    expect(familyOf('/a/src/x.test.ts')).toBeNull();
    const f = { file: '/tmp/x/suites/topk/a.test.ts', family: 'topk', name: 't', messages: [] };
    expect(failureKey(f)).toBe(failureKey({ ...f, file: '/other/root/suites/topk/a.test.ts' }));
  });
});
