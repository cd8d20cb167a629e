/**
 * renderReport(results) → one self-contained HTML page (inline CSS/JS/SVG, no network). It opens with the verdict
 * and the kernels × checks matrix; the details follow, folded. Every section has a stable id (SECTION_IDS) so tests
 * and links can find it. All recorded text is escaped. Artifact files written next to results.json by other scripts
 * are judged fresh or stale against the run (artifact-judge.ts); stale ones are greyed and left out of the verdict.
 */
import { judgeArtifacts } from './artifact-judge.ts';
import { ARTIFACTS, NO_ARTIFACTS, type Artifacts } from './artifacts.ts';
import { esc } from './escape.ts';
import { fmtBytes } from './format.ts';
import { checkMatrix, stateLookup } from './matrix.ts';
import { PAGE_CSS, PAGE_JS } from './page-assets.ts';
import { artifactSection } from './render-artifacts.ts';
import { bandwidthSection, kernelsSection } from './render-kernels.ts';
import { matrixTable } from './render-matrix.ts';
import { skippedSection } from './render-skipped.ts';
import { statisticsSection } from './render-statistics.ts';
import { timingSection } from './render-timing.ts';
import { verdictSection } from './render-verdict.ts';
import type { ReportResults } from './schema.ts';
import { shortReason } from './short-reason.ts';
import { VERDICT_LABEL, verdictOf } from './verdict.ts';

export const SECTION_IDS = [
  'verdict', 'matrix', 'device', 'kernels', 'timing', 'bench', 'statistics', 'bandwidth',
  'compile-gates', 'mutation', 'sanitizer', 'reproduce', 'skipped', 'sections',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

const TITLES: Readonly<Record<SectionId, string>> = {
  verdict: 'Verdict',
  matrix: 'Kernels × checks',
  device: 'Device',
  kernels: 'Kernel details',
  timing: 'Timing',
  bench: ARTIFACTS.bench.title,
  statistics: 'Statistics',
  bandwidth: 'Bandwidth',
  'compile-gates': ARTIFACTS['compile-gates'].title,
  mutation: ARTIFACTS.mutation.title,
  sanitizer: ARTIFACTS.sanitizer.title,
  reproduce: 'Reproduce',
  skipped: 'Skipped',
  sections: 'Other sections',
};

function deviceSection(r: ReportResults): string {
  const d = r.device;
  if (d === undefined || !d.available) {
    const reason = d?.reason ?? 'no suite recorded a device';
    const full = reason === shortReason(reason) ? '' : `<details><summary>full reason</summary><pre>${esc(reason)}</pre></details>`;
    const short = shortReason(reason);
    return `<p class="no-gpu"><b>${/^no GPU\b/i.test(short) ? '' : 'no GPU: '}GPU tests skipped — ${esc(short)}</b></p>${full}`;
  }
  const rows: [string, string | undefined][] = [
    ['name', d.name], ['vendor', d.vendor], ['architecture', d.arch], ['runtime', d.runtime], ['compiler', d.compiler],
    ['memory', d.memoryBytes === undefined ? undefined : fmtBytes(d.memoryBytes)],
    ['multiprocessors', d.multiprocessors === undefined ? undefined : String(d.multiprocessors)],
    ['warp size', d.warpSize === undefined ? undefined : String(d.warpSize)], ['driver', d.driver],
  ];
  return `<table><tbody>${rows.filter(([, v]) => v !== undefined).map(([k, v]) => `<tr><th>${k}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`;
}

function reproduceSection(r: ReportResults): string {
  const recs = Object.values(r.kernels).flatMap((k) => k.reproduce);
  if (recs.length === 0) return '<p class="muted">No reproduction commands were recorded.</p>';
  return recs
    .map((x) => `<p><code>${esc(x.kernel)}</code> · seed <code>${esc(x.seed)}</code>${x.fixture === undefined ? '' : ` · fixture <code>${esc(x.fixture)}</code>`}` +
      ` <span class="muted">(${esc(x.test)})</span></p><pre><code>${esc(x.command)}</code></pre>`)
    .join('');
}

/** A generic section's JSON is shown up to this many characters; the whole of it is in results.json. */
const MAX_SECTION_JSON = 1500;

function genericSections(r: ReportResults): string {
  const list = Object.entries(r.sections);
  if (list.length === 0) return '<p class="muted">None.</p>';
  return list.map(([name, data]) => {
    const json = JSON.stringify(data, null, 1);
    const shown = json.length <= MAX_SECTION_JSON ? json : `${json.slice(0, MAX_SECTION_JSON)}\n… (${json.length - MAX_SECTION_JSON} more characters in results.json)`;
    return `<details class="fold"><summary>${esc(name)}</summary><pre><code>${esc(shown)}</code></pre></details>`;
  }).join('');
}

/** `artifacts` defaults to none: their sections then say "not run". */
export function renderReport(results: ReportResults, artifacts: Artifacts = NO_ARTIFACTS): string {
  const stateOf = stateLookup(results);
  const judged = judgeArtifacts(artifacts, results);
  const matrix = checkMatrix(results);
  const verdict = verdictOf(results, judged, matrix);
  const body: Record<SectionId, string> = {
    verdict: verdictSection(results, verdict),
    matrix: matrixTable(matrix),
    device: deviceSection(results),
    kernels: kernelsSection(results.kernels, stateOf),
    timing: timingSection(results.kernels),
    bench: artifactSection('bench', judged.bench),
    statistics: statisticsSection(results.kernels, stateOf),
    bandwidth: bandwidthSection(results.kernels),
    'compile-gates': artifactSection('compile-gates', judged['compile-gates']),
    mutation: artifactSection('mutation', judged.mutation),
    sanitizer: artifactSection('sanitizer', judged.sanitizer),
    reproduce: reproduceSection(results),
    skipped: skippedSection(results),
    sections: genericSections(results),
  };
  const nav = SECTION_IDS.map((id) => `<a href="#${id}">${TITLES[id]}</a>`).join('');
  const sections = SECTION_IDS.map((id) => `<section id="${id}"><h2>${TITLES[id]}</h2>${body[id]}</section>`).join('\n');
  const title = `Sampling kernel verification — ${VERDICT_LABEL[verdict.status]}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${PAGE_CSS}</style></head>
<body><header><h1>${esc(title)}</h1><nav>${nav}</nav></header><main>
${sections}
</main><script>${PAGE_JS}</script></body></html>
`;
}
