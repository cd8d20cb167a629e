/**
 * renderReport(results) → one self-contained HTML page (inline CSS/JS/SVG, no network). Every section has a
 * stable id (#summary, #device, #kernels, #timing, #bandwidth, #statistics, #mutation, #sanitizer, #compile-gates,
 * #bench, #reproduce, #skipped, #sections) so tests and links can find it. All recorded text is escaped.
 * The artifact sections read files other scripts write next to results.json (see artifacts.ts).
 */
import { ARTIFACTS, NO_ARTIFACTS, type Artifacts } from './artifacts.ts';
import { esc } from './escape.ts';
import { fmt, fmtBytes } from './format.ts';
import { PAGE_CSS, PAGE_JS } from './page-assets.ts';
import { artifactSection } from './render-artifacts.ts';
import { bandwidthSection, kernelsSection, statisticsSection, timingSection, type StateOf } from './render-kernels.ts';
import type { ReportResults, TestState } from './schema.ts';

export const SECTION_IDS = [
  'summary', 'device', 'kernels', 'timing', 'bandwidth', 'statistics',
  'mutation', 'sanitizer', 'compile-gates', 'bench',
  'reproduce', 'skipped', 'sections',
] as const;

const TITLES: Readonly<Record<(typeof SECTION_IDS)[number], string>> = {
  summary: 'Summary',
  device: 'Device',
  kernels: 'Kernels',
  timing: 'Timing',
  bandwidth: 'Bandwidth',
  statistics: 'Statistics',
  mutation: ARTIFACTS.mutation.title,
  sanitizer: ARTIFACTS.sanitizer.title,
  'compile-gates': ARTIFACTS['compile-gates'].title,
  bench: ARTIFACTS.bench.title,
  reproduce: 'Reproduce',
  skipped: 'Skipped',
  sections: 'Other sections',
};

function summarySection(r: ReportResults): string {
  const { passed, failed, skipped } = r.summary;
  const verdict = failed > 0 || r.unhandledErrors.length > 0
    ? '<span class="badge bad">FAILED</span>'
    : passed > 0 ? '<span class="badge ok">PASSED</span>' : '<span class="badge skip">NOTHING RAN</span>';
  const failures = r.tests
    .filter((t) => t.state === 'failed')
    .map((t) => `<li><code>${esc(t.file)}</code> › ${esc(t.fullName)}${t.errors.map((e) => `<pre>${esc(e.message)}</pre>`).join('')}</li>`)
    .join('');
  const unhandled = r.unhandledErrors.map((e) => `<pre>${esc(e.message)}</pre>`).join('');
  return (
    `<p>${verdict} <label><input type="checkbox" id="failures-only"> show failures only</label></p>` +
    `<div class="cards"><div class="card"><b class="ok">${passed}</b>passed</div><div class="card"><b class="${failed > 0 ? 'bad' : ''}">${failed}</b>failed</div>` +
    `<div class="card"><b>${skipped}</b>skipped</div><div class="card"><b>${Object.keys(r.kernels).length}</b>kernels</div></div>` +
    `<table><tbody><tr><th>created</th><td>${esc(r.createdAt)}</td></tr><tr><th>commit</th><td><code>${esc(r.git.commit ?? 'unknown')}</code></td></tr>` +
    `<tr><th>node</th><td>${esc(r.environment.node)}</td></tr><tr><th>platform</th><td>${esc(r.environment.platform)}</td></tr>` +
    `<tr><th>CI</th><td>${r.environment.ci ? 'yes' : 'no'}</td></tr></tbody></table>` +
    (failures === '' ? '' : `<h3>Failed tests</h3><ul>${failures}</ul>`) +
    (unhandled === '' ? '' : `<h3 class="bad">Unhandled errors</h3>${unhandled}`)
  );
}

function deviceSection(r: ReportResults): string {
  const d = r.device;
  if (d === undefined || !d.available) {
    const reason = d?.reason ?? 'no suite recorded a device';
    return `<p class="no-gpu"><b>no GPU: GPU tests skipped — ${esc(reason)}</b></p>`;
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

function skippedSection(r: ReportResults): string {
  const skipped = r.tests.filter((t) => t.state === 'skipped');
  if (skipped.length === 0) return '<p class="muted">No tests were skipped.</p>';
  const rows = skipped.map((t) => `<tr><td><code>${esc(t.file)}</code></td><td>${esc(t.fullName)}</td><td>${esc(t.skipReason ?? '')}</td></tr>`);
  return `<table><thead><tr><th>file</th><th>test</th><th>reason</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function genericSections(r: ReportResults): string {
  const list = Object.entries(r.sections);
  if (list.length === 0) return '<p class="muted">None.</p>';
  return list.map(([name, data]) => `<h3>${esc(name)}</h3><pre><code>${esc(JSON.stringify(data, null, 2))}</code></pre>`).join('');
}

function stateLookup(r: ReportResults): StateOf {
  const states = new Map<string, TestState>(r.tests.map((t) => [`${t.file} > ${t.fullName}`, t.state]));
  return (source) => states.get(source);
}

/** `artifacts` defaults to none: their sections then say "not run". */
export function renderReport(results: ReportResults, artifacts: Artifacts = NO_ARTIFACTS): string {
  const stateOf = stateLookup(results);
  const body: Record<(typeof SECTION_IDS)[number], string> = {
    summary: summarySection(results),
    device: deviceSection(results),
    kernels: kernelsSection(results.kernels, stateOf),
    timing: timingSection(results.kernels),
    bandwidth: bandwidthSection(results.kernels),
    statistics: statisticsSection(results.kernels, stateOf),
    mutation: artifactSection('mutation', artifacts.mutation),
    sanitizer: artifactSection('sanitizer', artifacts.sanitizer),
    'compile-gates': artifactSection('compile-gates', artifacts['compile-gates']),
    bench: artifactSection('bench', artifacts.bench),
    reproduce: reproduceSection(results),
    skipped: skippedSection(results),
    sections: genericSections(results),
  };
  const nav = SECTION_IDS.map((id) => `<a href="#${id}">${TITLES[id]}</a>`).join('');
  const sections = SECTION_IDS.map((id) => `<section id="${id}"><h2>${TITLES[id]}</h2>${body[id]}</section>`).join('\n');
  const title = `Sampling kernel verification — ${results.summary.failed > 0 ? `${fmt(results.summary.failed)} failed` : 'no failures'}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${PAGE_CSS}</style></head>
<body><header><h1>${esc(title)}</h1><nav>${nav}</nav></header><main>
${sections}
</main><script>${PAGE_JS}</script></body></html>
`;
}
