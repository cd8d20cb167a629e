/**
 * The compare page of two recorded runs in headless Chromium: the base run against a head with a planted failure
 * and a planted 20 % slowdown (the failure comes first, the slowdown is flagged, the noise is not), and against a
 * head that differs by noise only (nothing flagged). Without Chromium the tests skip, except under CI.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { config } from '../../config/index.ts';
import { findChromium, loadPage } from '../../../test/report/chromium.ts';
import { compareRuns, loadRun } from './compare.ts';
import { COMPARE_SECTION_IDS, renderCompare } from './render.ts';
import { TESTDATA } from '../../../test/report/make-compare-testdata.ts';

const chromium = findChromium();
const inCi = config().ci;
const dir = mkdtempSync(join(tmpdir(), 'compare-browser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('chromium is available (required under CI)', (ctx) => {
  if (chromium === undefined) {
    if (inCi) throw new Error('headless Chromium not found (set CHROMIUM or install chromium); it is required under CI');
    ctx.skip('headless Chromium not found (set CHROMIUM or install chromium)');
  }
  expect(chromium).toBeDefined();
});

async function page(head: string): Promise<string> {
  const report = compareRuns(loadRun(join(TESTDATA, 'base', 'results.json')), loadRun(join(TESTDATA, head, 'results.json')), { failOnSlowerPct: 10 });
  const file = join(dir, `${head}.html`);
  writeFileSync(file, renderCompare(report));
  const loaded = await loadPage(chromium as string, pathToFileURL(file).href);
  expect(loaded.console).toEqual([]);
  expect(loaded.dom).toContain('data-report-ready="1"');
  return loaded.dom;
}

const section = (dom: string, id: string): string => {
  const start = dom.indexOf(`<section id="${id}">`);
  expect(start, `#${id}`).toBeGreaterThanOrEqual(0);
  return dom.slice(start, dom.indexOf('</section>', start));
};
/** Flagged rows: every performance row outside the folded "within the noise" table. */
const flaggedRows = (perf: string): string[] => (perf.split('<details')[0]?.match(/<tr class="perf [^"]*">/g) ?? []);

describe.skipIf(chromium === undefined)('compare page in headless Chromium', () => {
  test('planted failure and slowdown: the failure first, the slowdown flagged, the noise not', async () => {
    const dom = await page('head');
    const order = COMPARE_SECTION_IDS.map((id) => dom.indexOf(`<section id="${id}">`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const outcome = section(dom, 'outcome');
    expect(outcome).toContain('id="compare-outcome">FAILED</span>');
    expect(outcome).toMatch(/<ol class="failures"><li>top_p_sampling_exact: satisfies-top-p passed on base and fails on head<\/li>/);
    expect(section(dom, 'changes')).toMatch(/^<section id="changes"><h2>Verdict changes<\/h2><ol class="changes"><li class="change regression">/);
    const perf = section(dom, 'performance');
    expect(flaggedRows(perf)).toEqual(['<tr class="perf slower gate">', '<tr class="perf new">', '<tr class="perf new">', '<tr class="perf new">']);
    expect(perf).toContain('slower +20.0% — fails the gate');
    expect(perf).toContain('8 rows within the noise');
    expect(section(dom, 'matrix')).toContain('✓→✗');
    expect(section(dom, 'compile-gates')).toMatch(/registers<\/td><td class="num">40<\/td><td class="num">48<\/td>/);
  });

  test('noise only: nothing flagged, no verdict change, NO REGRESSION', async () => {
    const dom = await page('noise');
    expect(section(dom, 'outcome')).toContain('id="compare-outcome">NO REGRESSION</span>');
    expect(section(dom, 'changes')).toContain('No check changed state.');
    const perf = section(dom, 'performance');
    expect(flaggedRows(perf)).toEqual([]);
    expect(perf).toContain('No row outside the noise.');
    expect(perf).toContain('9 rows within the noise');
  });
});
