import { describe, expect, test } from 'vitest';
import { NO_ARTIFACTS } from './artifacts.ts';
import { buildItem } from './build-item.ts';
import { buildResults } from './collect.ts';
import { SECTION_IDS, renderReport } from './render.ts';
import type { JsonValue } from './schema.ts';
import { COMMIT, greenGpuRun, H200, OTHER_COMMIT, runResults, skippedOnlyRun, testEntry } from '../../test/report/runs.ts';
import { SYNTHETIC_MUTANTS } from '../../test/report/synthetic-artifacts.ts';
import { HOSTILE_KERNEL, syntheticResults } from '../../test/report/synthetic.ts';

const sectionBody = (html: string, id: string): string => {
  const start = html.indexOf(`<section id="${id}">`);
  if (start < 0) throw new Error(`section #${id} missing`);
  return html.slice(start, html.indexOf('</section>', start));
};
const verdictLabel = (html: string): string => /<span class="verdict ([a-z-]+)" id="verdict-label">([A-Z ]+)</.exec(html)?.slice(1).join(':') ?? '';

const empty = buildResults({
  createdAt: '2026-01-01T00:00:00.000Z',
  environment: { node: 'v20', platform: 'linux-x64', ci: true },
  tests: [],
  recorded: [],
  unhandledErrors: [],
});

describe('renderReport: the verdict opens the page', () => {
  test('only skipped GPU tests: NOT VERIFIED in the neutral colour, the reason and what would run it; never PASSED or green', () => {
    const html = renderReport(skippedOnlyRun());
    expect(verdictLabel(html)).toBe('not-verified:NOT VERIFIED');
    const verdict = sectionBody(html, 'verdict');
    expect(verdict).toContain('no GPU: cuda: no driver library; hip: driver libamdhip64.so found but no device');
    expect(verdict).toContain('SAMPLING_REQUIRE_GPU=1');
    expect(verdict).toContain('kernels on a GPU <b>0</b>');
    expect(html).toContain('<title>Sampling kernel verification — NOT VERIFIED</title>');
    expect(html).not.toMatch(/PASSED|no failures|class="verdict verified"|badge ok/);
  });

  test('a green GPU run is VERIFIED; the first section is the verdict, the second the matrix', () => {
    const html = renderReport(greenGpuRun());
    expect(verdictLabel(html)).toBe('verified:VERIFIED');
    expect(html.indexOf('<section id="verdict">')).toBeLessThan(html.indexOf('<section id="matrix">'));
    expect(html.indexOf('<section id="matrix">')).toBeLessThan(html.indexOf('<section id="device">'));
  });

  test('a failed run is FAILED with what failed listed, failures first', () => {
    const html = renderReport(syntheticResults());
    expect(verdictLabel(html)).toBe('failed:FAILED');
    const verdict = sectionBody(html, 'verdict');
    expect(verdict).toContain('<h3 class="bad">What failed</h3><ol class="failures"><li>topk_sample: chi-square failed in 1 of 1 runs</li>' +
      '<li>topk_sample: ties-kept boundary failed in 1 of 1 runs</li><li>topk_sample: watchdog budget failed in 1 of 3 runs</li>' +
      '<li>suites/topk/topk.test.ts › topk_sample &gt; ties kept: expected token 3 to be 4 &lt;b&gt;bold?&lt;/b&gt;</li></ol>');
  });

  test('an aborted run says why it stopped', () => {
    const html = renderReport(runResults({ run: { end: 'aborted', cause: 'SAMPLING_SEED must be a u64, got <x>' } }));
    expect(verdictLabel(html)).toBe('failed:FAILED');
    expect(sectionBody(html, 'verdict')).toContain('the run stopped before any test file ran: SAMPLING_SEED must be a u64, got &lt;x&gt;');
  });

  test('an unhandled error alone marks the run failed', () => {
    const html = renderReport({ ...empty, unhandledErrors: [{ message: 'worker crashed <x>' }] });
    expect(verdictLabel(html)).toBe('failed:FAILED');
    expect(html).toContain('unhandled error: worker crashed &lt;x&gt;');
  });

  test('a fresh failing artifact fails the page; the same file from another commit is greyed as stale', () => {
    const stamp = (commit: string): JsonValue => ({ ...(SYNTHETIC_MUTANTS as Record<string, JsonValue>), commit, createdAt: '2026-01-01T00:30:00.000Z' });
    const fresh = renderReport(greenGpuRun(), { ...NO_ARTIFACTS, mutation: { status: 'loaded', data: stamp(COMMIT) } });
    expect(verdictLabel(fresh)).toBe('failed:FAILED');
    expect(sectionBody(fresh, 'verdict')).toContain('Mutation score: 1 of 3 failing');
    const stale = renderReport(greenGpuRun(), { ...NO_ARTIFACTS, mutation: { status: 'loaded', data: stamp(OTHER_COMMIT) } });
    expect(verdictLabel(stale)).toBe('verified:VERIFIED');
    expect(sectionBody(stale, 'verdict')).toContain('Left out of the verdict (stale): Mutation score: made from commit fedcba9876');
    expect(sectionBody(stale, 'mutation')).toContain('<div class="stale">');
  });
});

describe('renderReport: the kernels × checks matrix', () => {
  test('cells: passed, failed, not applicable with the declaration, not run', () => {
    const t = testEntry('contract', 'passed');
    const r = runResults({
      tests: [t],
      device: H200,
      recorded: [[t, [
        buildItem.check({ kernel: 'a', check: 'token-in-range', ok: true, checked: 4, findings: [] }),
        buildItem.check({ kernel: 'b', check: 'token-in-range', ok: false, checked: 4, findings: [{ row: 0, message: 'out of range' }] }),
        buildItem.check({ kernel: 'a', check: 'exact replay', ok: true, checked: 4, findings: [], scope: 'contract' }),
        buildItem.notApplicable({ kernel: 'b', check: 'exact replay', declared: 'rng.mode = seeded' }),
        buildItem.timing({ kernel: 'a', batch: 1, vocab: 8, ms: 0.2, budgetMs: 500 }),
      ]]],
    });
    const m = sectionBody(renderReport(r), 'matrix');
    expect(m.match(/<th class="col [a-z]+"/g)).toEqual(['<th class="col universal"', '<th class="col universal"', '<th class="col contract"']);
    expect(m).toContain('<td class="c-passed" title="passed (1 runs)">✓</td>');
    expect(m).toContain('<td class="c-failed" title="FAILED in 1 of 1 runs">✗</td>');
    expect(m).toContain('<td class="c-not-applicable" title="not applicable: declared rng.mode = seeded">n/a</td>');
    expect(m).toContain('<td class="c-not-run" title="not run">·</td>');
  });
});

describe('renderReport: details', () => {
  test('produces every section with its stable id, each exactly once, in order', () => {
    const html = renderReport(syntheticResults());
    for (const id of SECTION_IDS) expect(html.split(`<section id="${id}">`)).toHaveLength(2);
    const order = SECTION_IDS.map((id) => html.indexOf(`<section id="${id}">`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  test('escapes hostile kernel names, messages and findings', () => {
    const html = renderReport(syntheticResults());
    expect(HOSTILE_KERNEL).toContain('<script>');
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;topk&quot;&amp;&#39;');
    expect(html).not.toContain('<tie>');
    expect(html).not.toContain('<b>bold?</b>');
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  test('is self-contained: no external resources', () => {
    const html = renderReport(syntheticResults());
    expect(html).not.toMatch(/<link\b|\bsrc=|@import|url\(/i);
    const urls = html.match(/https?:\/\/[^\s"'<]+/g) ?? [];
    expect(urls.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
  });

  test('kernel details: folded, a failing kernel open with its failing runs truncated to the recorded findings', () => {
    const kernels = sectionBody(renderReport(syntheticResults()), 'kernels');
    expect(kernels).toMatch(/<details class="fold kernel failing" id="kernel-topk-sample-[a-z0-9]+" open>/);
    expect(kernels).toContain('ties-kept boundary');
    expect(kernels).toContain('25 finding(s)');
    expect(kernels).toContain('row 19, index 3');
    expect(kernels).not.toContain('row 20, index 3');
    expect(kernels).toContain('… 5 more');
    expect(kernels).toContain('kth=NaN');
  });

  test('timing: log scale against each budget; a 0.21 ms launch under 50 ms is a visible bar with its headroom', () => {
    const timing = sectionBody(renderReport(syntheticResults()), 'timing');
    expect(/<path d="([^"]*)" class="budget"\/>/.exec(timing)?.[1]?.match(/M/g)).toHaveLength(3);
    expect(/<path d="([^"]*)" class="bar-bad"\/>/.exec(timing)?.[1]?.match(/M/g)).toHaveLength(1);
    expect(timing).toContain('61 / 50 ms ×0.82');
    expect(timing).toContain('0.21 / 50 ms ×238');
    const widths = [...timing.matchAll(/M130 [\d.]+h([\d.]+)v/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(3);
    expect(Math.min(...widths)).toBeGreaterThan(30);
    expect(timing).toMatch(/least headroom ×0\.82 \(61 ms of 50 ms at 256 × 128256\)/);
  });

  test('statistics: p-values table; histograms for failing tests (open) and the run\'s lowest p (folded)', () => {
    const r = syntheticResults();
    const stats = sectionBody(renderReport(r), 'statistics');
    expect(stats).toContain('1.20e-9');
    expect(stats).toContain('zipf &lt;300&gt;');
    expect(stats.match(/<svg class="chart hist"/g)).toHaveLength(1);
    expect(stats).toMatch(/<details open class="failing">.*uniform 8/);
    const passingOnly = sectionBody(renderReport({ ...r, kernels: { [HOSTILE_KERNEL]: r.kernels[HOSTILE_KERNEL] as (typeof r.kernels)[string] } }), 'statistics');
    expect(passingOnly).toContain('(largest 40 of 300 cells + other) <span class="muted">(lowest p of the run)</span>');
    // "other" holds most of a Zipf row's mass: drawn clipped with its value written beside it.
    expect(passingOnly).toMatch(/>[0-9,]+↑</);
  });

  test('device: details with a GPU, the short reason without (the full one folded)', () => {
    expect(sectionBody(renderReport(syntheticResults()), 'device')).toContain('NVIDIA H100 &lt;80GB&gt;');
    const device = sectionBody(renderReport(skippedOnlyRun()), 'device');
    expect(device).toContain('no GPU: GPU tests skipped — cuda: no driver library; hip: driver libamdhip64.so found but no device');
    expect(device).toContain('<details><summary>full reason</summary><pre>cuda: no driver library (could not load');
  });

  test('skipped: one row per reason with its count, never the long text per test', () => {
    const long = 'no GPU: cuda: no driver library (could not load any of libcuda.so.1 (Failed to load shared library: cannot open shared object file))';
    const tests = Array.from({ length: 30 }, (_, i) => testEntry(`t${i}`, 'skipped', { skipReason: long }));
    const skipped = sectionBody(renderReport(runResults({ tests: [...tests, testEntry('todo', 'skipped', { skipReason: 'todo' })] })), 'skipped');
    expect(skipped.match(/<tr><td>/g)).toHaveLength(2);
    expect(skipped).toContain('<tr><td>no GPU: cuda: no driver library (could not load any of libcuda.so.1)</td><td class="num">30</td>');
    expect(skipped).not.toContain('Failed to load');
  });

  test('reproduce lists its entries; u64 seeds keep every digit; generic sections folded', () => {
    const html = renderReport(syntheticResults());
    expect(sectionBody(html, 'reproduce')).toContain('9223372036854775813');
    expect(sectionBody(html, 'sections')).toContain('<details class="fold"><summary>mutation-score</summary>');
  });

  test('artifact sections say "not run" without artifacts', () => {
    const html = renderReport(syntheticResults());
    for (const id of ['compile-gates', 'bench', 'mutation', 'sanitizer']) expect(sectionBody(html, id)).toContain('not run');
  });

  test('handles empty data: no tests, no kernels, no device', () => {
    const html = renderReport(empty);
    for (const id of SECTION_IDS) expect(html).toContain(`<section id="${id}">`);
    expect(sectionBody(html, 'device')).toContain('no GPU: GPU tests skipped — no suite recorded a device');
    expect(sectionBody(html, 'kernels')).toContain('No kernel results were recorded.');
    expect(verdictLabel(html)).toBe('not-verified:NOT VERIFIED');
  });
});
