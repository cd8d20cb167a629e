import { describe, expect, test } from 'vitest';
import { ARTIFACT_IDS, ARTIFACTS, type ArtifactFile } from './artifacts.ts';
import { artifactSection } from './render-artifacts.ts';
import { SYNTHETIC_BENCH, SYNTHETIC_COMPILE_GATES, SYNTHETIC_MUTANTS, SYNTHETIC_SANITIZER } from '../../test/report/synthetic-artifacts.ts';
import type { JsonValue } from './schema.ts';

const loaded = (data: JsonValue): ArtifactFile => ({ status: 'loaded', data });
const rowsWith = (html: string, cls: string): number => html.split(`<tr class="${cls}">`).length - 1;

describe('artifact sections', () => {
  test.each(ARTIFACT_IDS)('%s: absent → "not run" with the command that produces it', (id) => {
    const html = artifactSection(id, { status: 'absent' });
    expect(html).toContain('not run');
    expect(html).toContain(`<code>${ARTIFACTS[id].command}</code>`);
    expect(html).toContain(ARTIFACTS[id].file);
  });

  test.each(ARTIFACT_IDS)('%s: invalid or unknown JSON → a visible, escaped warning', (id) => {
    expect(artifactSection(id, { status: 'invalid', warning: 'x.json is not valid JSON: <pos 3>' })).toContain(
      '<p class="warn">warning: x.json is not valid JSON: &lt;pos 3&gt;</p>',
    );
    expect(artifactSection(id, loaded('<b>42</b>'))).toMatch(/<p class="warn">warning: .* must hold a JSON object or array, got &quot;&lt;b&gt;42/);
    expect(artifactSection(id, loaded({ version: 2 }))).toMatch(/<p class="warn">warning: .*holds no list of results/);
    expect(artifactSection(id, loaded([1, { a: 1 }]))).toMatch(/warning: .*\[0\] is not an object/);
  });

  test('mutation: score killed/total, survivors and unexpected killers listed, hostile id escaped', () => {
    const html = artifactSection('mutation', loaded(SYNTHETIC_MUTANTS));
    expect(html).toContain('mutation score 2/3');
    expect(html).toContain('66.7 % killed, 1/3 by the expected check');
    expect(html).toContain('baseline: the unmutated kernels pass');
    expect(html).toMatch(/survived or not judged: <code>seed-ignored&lt;script&gt;/);
    expect(html).toMatch(/not by the expected check: <code>topp-gt-vs-ge<\/code><\/p>/);
    expect(html).toContain('<th>baseline.failed</th><td class="num">0</td>');
    expect(html).not.toContain('<script>');
    expect(rowsWith(html, 'failing bad-row')).toBe(1);
    expect(rowsWith(html, 'passing warn-row')).toBe(1);
    expect(html).toMatch(/<th>id<\/th><th>bugClass<\/th><th>killed<\/th><th>killedBy<\/th><th>expectedKill<\/th><th>matchedExpectation<\/th>/);
  });

  test('mutation: a failed baseline and an unjudged mutant are called out', () => {
    const html = artifactSection('mutation', loaded({
      baseline: { ok: false, passed: 3, failed: 1, failures: ['topk › range'] },
      mutants: [{ id: 'a', killed: false, error: 'materialize drift: text not found' }],
    }));
    expect(html).toContain('baseline FAILED');
    expect(html).toContain('<th>baseline.failures</th><td>topk › range</td>');
    expect(html).toContain('materialize drift');
    expect(rowsWith(html, 'failing bad-row')).toBe(1);
  });

  test('mutation: all killed → a full score', () => {
    const html = artifactSection('mutation', loaded([{ id: 'a', killed: true }, { id: 'b', killed: true }]));
    expect(html).toContain('<span class="badge ok">mutation score 2/2</span>');
    expect(html).not.toContain('survived');
  });

  test('bench: run facts folded, a plot per kernel, a kernel × shape table; a failed launch red, a missed target amber', () => {
    const html = artifactSection('bench', loaded(SYNTHETIC_BENCH));
    expect(html).toContain('<th>deviceLine</th><td>NVIDIA H100 80GB HBM3 (sm_90, CUDA 13.0)</td>');
    expect(html).toContain('<th>copyBandwidth.gbPerS</th><td class="num">2,905.3</td>');
    expect(html).toContain('3 row(s), <span class="bad">1 failed launch(es)</span>, <span class="warn">1 missed speed target(s)</span>');
    expect(html.match(/<svg class="chart"/g)).toHaveLength(2);
    expect(html).toContain('<th>median µs</th><th>64 × 151936</th><th>1024 × 256000</th>');
    expect(html).toContain('title="p10–p90 40–43 µs, target missed">41</td>');
    expect(html).toContain('<td class="bad" title="watchdog: launch exceeded 500 ms &lt;killed&gt;">failed</td>');
    expect(rowsWith(html, 'failing')).toBe(1);
  });

  test('compile gates: one row per kernel × target, failures and warnings flagged, host checks listed', () => {
    const html = artifactSection('compile-gates', loaded(SYNTHETIC_COMPILE_GATES));
    expect(html).toContain('<th>compilers.nvcc</th><td>/usr/local/cuda/bin/nvcc</td>');
    expect(html).toContain('<th>ok</th><td class="bad">no</td>');
    expect(html).toContain('5 row(s), <span class="bad">1 failing</span>, <span class="warn">1 with warnings</span>');
    expect(html).toMatch(/<tr class="passing"><td>topk_sample<\/td><td>sampling\.hip<\/td><td>sm_90<\/td><td>ok<\/td><td class="num">38<\/td>/);
    expect(html).toContain('loop not unrolled &lt;vgpr&gt;');
    expect(html).not.toContain('nvcc -cubin');
    expect(rowsWith(html, 'passing muted')).toBe(1);
    expect(html).toMatch(/<h3>hostChecks<\/h3><div class="scroll"><table class="artifact">.*libamdhip64 symbols/);
    const spilled = artifactSection('compile-gates', loaded({ results: [{ file: 'a', target: 'sm_90', status: 'ok', kernels: { k: { spillStoreBytes: 8 } } }] }));
    expect(rowsWith(spilled, 'passing warn-row')).toBe(1);
  });

  test('compile gates: other shapes still render (a flat list)', () => {
    const failing = artifactSection('compile-gates', loaded([{ kernel: 'k', target: 'sm_90', ok: false, errors: ['x'] }]));
    expect(rowsWith(failing, 'failing bad-row')).toBe(1);
  });

  test('sanitizer: per tool × target, a run that missed its expectation flagged', () => {
    const html = artifactSection('sanitizer', loaded(SYNTHETIC_SANITIZER));
    expect(html).toContain('4 row(s), <span class="bad">1 failing</span>');
    expect(html).toContain('mutant:smem-oob');
    expect(html).toContain('<td>top_p_sampling_exact: 12</td>');
    expect(html).toMatch(/<th>tool<\/th><th>target<\/th><th>expect<\/th><th>ok<\/th><th>errors<\/th><th>warnings<\/th><th>perKernel<\/th>/);
    expect(html).toContain('<th>ok</th><td class="bad">no</td>');
    const died = artifactSection('sanitizer', loaded([{ tool: 'memcheck', target: 'shipped', errors: null, complete: false }]));
    expect(rowsWith(died, 'failing bad-row')).toBe(1);
  });
});

describe('judged artifacts', () => {
  test('a stale file is greyed, says why and that it is not counted, and folds its content', () => {
    const html = artifactSection('mutation', { status: 'stale', data: SYNTHETIC_MUTANTS, why: 'made from commit fedcba9876; the suites ran on 0123456789' });
    expect(html).toMatch(/^<div class="stale"><p class="stale-note">stale — made from commit fedcba9876; the suites ran on 0123456789; not counted in the verdict/);
    expect(html).toContain('<details class="fold"><summary>show the stale file</summary>');
    expect(html).toContain('mutation score 2/3');
  });
  test('a fresh file renders like a loaded one', () => {
    expect(artifactSection('mutation', { status: 'fresh', data: SYNTHETIC_MUTANTS, failures: [] })).toBe(artifactSection('mutation', loaded(SYNTHETIC_MUTANTS)));
  });
});
