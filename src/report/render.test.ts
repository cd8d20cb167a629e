import { describe, expect, test } from 'vitest';
import { buildResults } from './collect.ts';
import { SECTION_IDS, renderReport } from './render.ts';
import { HOSTILE_KERNEL, syntheticResults } from '../../test/report/synthetic.ts';

const sectionBody = (html: string, id: string): string => {
  const start = html.indexOf(`<section id="${id}">`);
  if (start < 0) throw new Error(`section #${id} missing`);
  return html.slice(start, html.indexOf('</section>', start));
};

const empty = buildResults({
  createdAt: '2026-01-01T00:00:00.000Z',
  environment: { node: 'v20', platform: 'linux-x64', ci: true },
  tests: [],
  recorded: [],
  unhandledErrors: [],
});

describe('renderReport', () => {
  test('produces every section with its stable id, each exactly once', () => {
    const html = renderReport(syntheticResults());
    for (const id of SECTION_IDS) expect(html.split(`<section id="${id}">`)).toHaveLength(2);
  });

  test('escapes hostile kernel names, messages and findings', () => {
    const html = renderReport(syntheticResults());
    expect(HOSTILE_KERNEL).toContain('<script>');
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;topk&quot;&amp;&#39;');
    expect(html).not.toContain('<tie>');
    expect(html).not.toContain('<b>bold?</b>');
    // Exactly one script element: the page's own.
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  test('is self-contained: no external resources', () => {
    const html = renderReport(syntheticResults());
    expect(html).not.toMatch(/<link\b|\bsrc=|@import|url\(/i);
    const urls = html.match(/https?:\/\/[^\s"'<]+/g) ?? [];
    expect(urls.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
  });

  test('shows failing check details, truncated to the recorded findings', () => {
    const kernels = sectionBody(renderReport(syntheticResults()), 'kernels');
    expect(kernels).toContain('ties-kept boundary');
    expect(kernels).toContain('FAIL');
    expect(kernels).toContain('25 finding(s)');
    expect(kernels).toContain('row 19, index 3');
    expect(kernels).not.toContain('row 20, index 3');
    expect(kernels).toContain('… 5 more');
    expect(kernels).toContain('kth=NaN');
  });

  test('timing chart marks over-budget launches and draws a budget line per bar', () => {
    const timing = sectionBody(renderReport(syntheticResults()), 'timing');
    expect(timing.match(/class="budget"/g)).toHaveLength(3);
    expect(timing.match(/class="bar-bad"/g)).toHaveLength(1);
    expect(timing).toContain('61 / 50 ms');
  });

  test('statistics: p-values table and a histogram per test, truncated to 40 cells + other', () => {
    const stats = sectionBody(renderReport(syntheticResults()), 'statistics');
    expect(stats).toContain('1.20e-9');
    expect(stats).toContain('(largest 40 of 300 cells + other)');
    // "other" holds most of a Zipf row's mass: drawn clipped with its value written beside it.
    expect(stats).toMatch(/>[0-9,]+↑</);
    expect(stats.match(/<svg class="chart hist"/g)).toHaveLength(2);
    // The failed test's histogram is open, the passing one collapsed.
    expect(stats).toMatch(/<details open class="failing">.*uniform 8/);
  });

  test('device: details with a GPU, the reason without', () => {
    expect(sectionBody(renderReport(syntheticResults()), 'device')).toContain('NVIDIA H100 &lt;80GB&gt;');
    expect(sectionBody(renderReport(syntheticResults({ withGpu: false })), 'device')).toContain(
      'no GPU: GPU tests skipped — no CUDA or HIP driver found &lt;libcuda.so&gt;',
    );
  });

  test('reproduce and skipped list their entries; u64 seeds keep every digit', () => {
    const html = renderReport(syntheticResults());
    expect(sectionBody(html, 'reproduce')).toContain('9223372036854775813');
    expect(sectionBody(html, 'skipped')).toContain('no GPU: HIP runtime not found');
    expect(sectionBody(html, 'sections')).toContain('mutation-score');
  });

  test('artifact sections follow the statistics and say "not run" without artifacts', () => {
    const html = renderReport(syntheticResults());
    const order = SECTION_IDS.map((id) => html.indexOf(`<section id="${id}">`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const id of ['compile-gates', 'bench', 'mutation', 'sanitizer']) {
      expect(SECTION_IDS).toContain(id);
      expect(sectionBody(html, id)).toContain('not run');
    }
  });

  test('handles empty data: no tests, no kernels, no device', () => {
    const html = renderReport(empty);
    for (const id of SECTION_IDS) expect(html).toContain(`<section id="${id}">`);
    expect(sectionBody(html, 'device')).toContain('no GPU: GPU tests skipped — no suite recorded a device');
    expect(sectionBody(html, 'kernels')).toContain('No kernel results were recorded.');
    expect(sectionBody(html, 'summary')).toContain('NOTHING RAN');
  });

  test('an unhandled error alone marks the run failed', () => {
    const html = renderReport({ ...empty, unhandledErrors: [{ message: 'worker crashed <x>' }] });
    expect(sectionBody(html, 'summary')).toContain('FAILED');
    expect(html).toContain('worker crashed &lt;x&gt;');
  });
});
