/**
 * Opens the rendered report in headless Chromium: every section is present, the inline script ran to the end,
 * and the page logs nothing. Without Chromium the test skips with the reason, except under CI where it fails.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { config } from '../config/index.ts';
import { findChromium, loadPage, screenshot } from '../../test/report/chromium.ts';
import { ARTIFACT_IDS } from './artifacts.ts';
import { SECTION_IDS } from './render.ts';
import type { JsonValue } from './schema.ts';
import { COMMIT, greenGpuRun, OTHER_COMMIT, skippedOnlyRun } from '../../test/report/runs.ts';
import { SYNTHETIC_BENCH, SYNTHETIC_COMPILE_GATES, SYNTHETIC_MUTANTS, SYNTHETIC_SANITIZER } from '../../test/report/synthetic-artifacts.ts';
import { syntheticResults } from '../../test/report/synthetic.ts';
import { writeAbortedReport, writeReport } from './write-report.ts';

const chromium = findChromium();
const inCi = config().ci;
const dir = mkdtempSync(join(tmpdir(), 'sampling-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('chromium is available (required under CI)', (ctx) => {
  if (chromium === undefined) {
    if (inCi) throw new Error('headless Chromium not found (set CHROMIUM or install chromium); it is required under CI');
    ctx.skip('headless Chromium not found (set CHROMIUM or install chromium)');
  }
  expect(existsSync(chromium as string)).toBe(true);
});

describe.skipIf(chromium === undefined)('report in headless Chromium', () => {
  const binary = chromium as string;

  test.each([
    ['with a GPU', true],
    ['without a GPU', false],
  ])('renders every section, runs its script and logs nothing (%s)', async (_label, withGpu) => {
    const { html } = writeReport(join(dir, withGpu ? 'gpu' : 'nogpu'), syntheticResults({ withGpu }));
    const page = await loadPage(binary, pathToFileURL(html).href);
    expect(page.console).toEqual([]);
    expect(page.dom).toContain('data-report-ready="1"');
    for (const id of SECTION_IDS) expect(page.dom).toContain(`<section id="${id}">`);
    // The hostile kernel name must stay text: its script would have set a global and left no trace in the DOM,
    // so look for the escaped form and the absence of a live <script> carrying it.
    expect(page.dom).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(page.dom).not.toContain('<script>window.__pwned=1</script>');
    if (!withGpu) expect(page.dom).toContain('no GPU: GPU tests skipped — no CUDA or HIP driver found');
  });

  /**
   * Loads the report with a probe appended that writes the browser's computed colours of the verdict badge and of
   * a stale note into DOM attributes, so the test reads what a reviewer sees, not just class names.
   */
  async function probe(html: string): Promise<{ dom: string; verdictBg: string; staleColor: string }> {
    const probed = `${html}.probe.html`;
    const script = '<script>var s=getComputedStyle;var v=document.getElementById("verdict-label");var n=document.querySelector(".stale-note");' +
      'document.documentElement.setAttribute("data-verdict-bg",s(v).backgroundColor);' +
      'document.documentElement.setAttribute("data-stale-color",n?s(n).color:"none");</script>';
    writeFileSync(probed, readFileSync(html, 'utf8').replace('</body>', `${script}</body>`));
    const page = await loadPage(binary, pathToFileURL(probed).href);
    expect(page.console).toEqual([]);
    const attr = (name: string): string => new RegExp(`${name}="([^"]*)"`).exec(page.dom)?.[1] ?? '';
    return { dom: page.dom, verdictBg: attr('data-verdict-bg'), staleColor: attr('data-stale-color') };
  }
  const GREEN = 'rgb(26, 127, 55)';
  const RED = 'rgb(207, 34, 46)';
  const NEUTRAL = 'rgb(87, 96, 106)';
  const STALE = 'rgb(140, 149, 159)';

  test('verdict: only skipped GPU tests → NOT VERIFIED in the neutral colour, never green, never "PASSED"', async () => {
    const p = await probe(writeReport(join(dir, 'v-skipped'), skippedOnlyRun()).html);
    expect(p.verdictBg).toBe(NEUTRAL);
    expect(p.dom).toContain('>NOT VERIFIED</span>');
    expect(p.dom).toContain('SAMPLING_REQUIRE_GPU=1');
    expect(p.dom).not.toMatch(/PASSED|no failures/);
  });

  test('verdict: a green GPU run → VERIFIED in green', async () => {
    expect((await probe(writeReport(join(dir, 'v-green'), greenGpuRun()).html)).verdictBg).toBe(GREEN);
  });

  test('verdict: a failed run after a green one rewrites the page as FAILED with the cause', async () => {
    const d = join(dir, 'v-rewritten');
    writeReport(d, greenGpuRun());
    const p = await probe(writeAbortedReport('SAMPLING_BUDGET_MS must be a number, got abc', dir, d).html);
    expect(p.verdictBg).toBe(RED);
    expect(p.dom).toContain('the run stopped before any test file ran: SAMPLING_BUDGET_MS must be a number, got abc');
    expect(p.dom).not.toContain('>VERIFIED<');
  });

  test('verdict: fresh failing artifacts → FAILED; the same artifacts from another commit → stale in grey, VERIFIED', async () => {
    const stamp = (data: JsonValue, commit: string): string =>
      JSON.stringify({ ...(data as Record<string, JsonValue>), commit, createdAt: new Date().toISOString() });
    const fresh = join(dir, 'v-fresh');
    mkdirSync(fresh, { recursive: true });
    writeFileSync(join(fresh, 'mutants.json'), stamp(SYNTHETIC_MUTANTS, COMMIT));
    writeFileSync(join(fresh, 'sanitizer.json'), stamp(SYNTHETIC_SANITIZER, COMMIT));
    const f = await probe(writeReport(fresh, greenGpuRun()).html);
    expect(f.verdictBg).toBe(RED);
    expect(f.dom).toContain('Mutation score: 1 of 3 failing');
    expect(f.dom).toContain('Sanitizer: 1 of 4 failing');

    const old = join(dir, 'v-stale');
    mkdirSync(old, { recursive: true });
    writeFileSync(join(old, 'mutants.json'), stamp(SYNTHETIC_MUTANTS, OTHER_COMMIT));
    writeFileSync(join(old, 'sanitizer.json'), JSON.stringify(SYNTHETIC_SANITIZER));
    const o = await probe(writeReport(old, greenGpuRun()).html);
    expect(o.verdictBg).toBe(GREEN);
    expect(o.staleColor).toBe(STALE);
    expect(o.dom).toContain('stale — made from commit fedcba9876; the suites ran on 0123456789; not counted in the verdict');
    expect(o.dom).toContain('stale — unknown commit: the file carries no commit stamp');
  });

  test('artifact sections: present ones rendered, a broken one warns, an absent one says "not run"', async () => {
    const d = join(dir, 'artifacts');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'compile-gates.json'), JSON.stringify(SYNTHETIC_COMPILE_GATES));
    writeFileSync(join(d, 'bench.json'), JSON.stringify(SYNTHETIC_BENCH));
    writeFileSync(join(d, 'mutants.json'), JSON.stringify(SYNTHETIC_MUTANTS));
    writeFileSync(join(d, 'sanitizer.json'), '{"runs": [');
    const { html } = writeReport(d, syntheticResults());
    const page = await loadPage(binary, pathToFileURL(html).href);
    expect(page.console).toEqual([]);
    const section = (id: string): string => {
      const start = page.dom.indexOf(`<section id="${id}">`);
      expect(start, `#${id}`).toBeGreaterThanOrEqual(0);
      return page.dom.slice(start, page.dom.indexOf('</section>', start));
    };
    for (const id of ARTIFACT_IDS) expect(page.dom.split(`<section id="${id}">`)).toHaveLength(2);
    expect(page.dom).toContain('<a href="#compile-gates">');
    expect(section('mutation')).toContain('mutation score 2/3');
    expect(section('bench')).toContain('NVIDIA H100 80GB HBM3 (sm_90, CUDA 13.0)');
    expect(section('compile-gates')).toContain('gfx1030');
    expect(section('sanitizer')).toContain('warning: sanitizer.json is not valid JSON');
    // The hostile mutant id stays text in a real DOM too.
    expect(page.dom).not.toContain('<script>window.__pwned=1</script>');
    rmSync(join(d, 'bench.json'));
    const again = await loadPage(binary, pathToFileURL(writeReport(d, syntheticResults()).html).href);
    expect(again.dom).toMatch(/<section id="bench">.*not run.*npm run bench/s);
  });

  test('catches a planted script error (proves the console check can fail)', async () => {
    const planted = join(dir, 'planted.html');
    const good = readFileSync(writeReport(join(dir, 'planted-src'), syntheticResults()).html, 'utf8');
    writeFileSync(planted, good.replace('</body>', '<script>null.boom();</script></body>'));
    const page = await loadPage(binary, pathToFileURL(planted).href);
    expect(page.console.join('\n')).toMatch(/Uncaught TypeError/);
  });

  test('takes a screenshot of the synthetic report', async () => {
    const { html } = writeReport(join(dir, 'shot'), syntheticResults());
    const png = process.env.SAMPLING_REPORT_SCREENSHOT ?? join(dir, 'report.png');
    await screenshot(binary, pathToFileURL(html).href, png);
    // A blank or failed render is a few KB; the synthetic report has tables, charts and text.
    expect(statSync(png).size).toBeGreaterThan(50_000);
  });
});
