import { describe, expect, it } from 'vitest';
import type { MutantResult } from './classify.ts';
import { artifactSection } from '../report/render-artifacts.ts';
import { parseArtifact } from '../report/artifacts.ts';
import { baselineSummary, buildMutantsReport, formatMutantsTable, mutantsExitCode, mutationScore } from './report.ts';

const r = (id: string, killed: boolean, matched: boolean): MutantResult => ({
  id, bugClass: 'seed-ignored', description: 'd', file: 'f', killed, killedBy: killed ? ['sample › exact replay'] : [],
  expectedKill: 'suite:sample:exact replay', matchedExpectation: matched, ms: 1,
});
const okBase = baselineSummary({ passed: 5, failed: 0, skipped: 0, files: 1, failures: [] });

describe('mutants report', () => {
  it('scores', () => {
    expect(mutationScore([r('a', true, true), r('b', true, false), r('c', false, false)])).toEqual({ total: 3, killed: 2, matched: 1, score: 2 / 3 });
    expect(mutationScore([]).score).toBe(0);
  });
  it('baseline must pass with at least one test', () => {
    expect(okBase.ok).toBe(true);
    expect(baselineSummary({ passed: 0, failed: 0, skipped: 0, files: 0, failures: [] }).ok).toBe(false);
    expect(baselineSummary(null, 'timeout')).toMatchObject({ ok: false, error: 'timeout' });
    const bad = baselineSummary({ passed: 4, failed: 1, skipped: 0, files: 1, failures: [{ file: '/suites/topk/a.test.ts', family: 'topk', name: 't', messages: [] }] });
    expect(bad).toMatchObject({ ok: false, failures: ['topk › t'] });
  });
  it('exit code: survivors and a failing baseline fail; --strict also needs the expected check', () => {
    expect(mutantsExitCode(buildMutantsReport('k', okBase, [r('a', true, true)]))).toBe(0);
    expect(mutantsExitCode(buildMutantsReport('k', okBase, [r('a', false, false)]))).toBe(1);
    expect(mutantsExitCode(buildMutantsReport('k', { ...okBase, ok: false }, [r('a', true, true)]))).toBe(1);
    expect(mutantsExitCode(buildMutantsReport('k', okBase, [r('a', true, false)]))).toBe(0);
    expect(mutantsExitCode(buildMutantsReport('k', okBase, [r('a', true, false)]), true)).toBe(1);
  });
  it('prints a table with status and score', () => {
    const t = formatMutantsTable(buildMutantsReport('k', okBase, [r('alpha', true, true), r('beta', false, false)]));
    expect(t).toMatch(/alpha\s+killed\s+yes/);
    expect(t).toMatch(/beta\s+SURVIVED\s+no/);
    expect(t).toContain('mutation score: 1/2 killed (50.0%)');
  });
  it('feeds the mutation section of the HTML report (score, baseline, survivors) as written to reports/mutants.json', () => {
    const report = buildMutantsReport('k', okBase, [r('alpha', true, true), r('beta', false, false)]);
    const html = artifactSection('mutation', parseArtifact(JSON.stringify(report), 'mutants.json'));
    expect(html).toContain('mutation score 1/2');
    expect(html).toContain('baseline: the unmutated kernels pass');
    expect(html).toMatch(/survived or not judged: <code>beta<\/code>/);
    expect(html).not.toMatch(/class="warn"[^>]*>warning/);
  });
});
