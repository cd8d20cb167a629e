/**
 * The sections fed by artifact files (#compile-gates, #bench, #mutation, #sanitizer). Each says "not run" with the
 * command that produces its file when the file is absent, and shows warnings (never throws) when it is malformed.
 */
import { extractRows, isObject, type ExtractedRows, type FlatRow } from './artifact-rows.ts';
import { ARTIFACT_TABLES, type TableSpec } from './artifact-specs.ts';
import type { JudgedArtifact } from './artifact-judge.ts';
import { ARTIFACTS, type ArtifactFile, type ArtifactId } from './artifacts.ts';
import { benchBody } from './render-bench.ts';
import { esc } from './escape.ts';
import { cell, metaTable, warningList } from './render-cells.ts';
import { fmt } from './format.ts';
import type { JsonValue } from './schema.ts';

function columnsOf(rows: readonly FlatRow[], preferred: readonly string[], hidden: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!hidden.includes(k)) seen.add(k);
  return [...preferred.filter((c) => seen.has(c)), ...[...seen].filter((c) => !preferred.includes(c))];
}

function table(rows: readonly FlatRow[], spec: TableSpec): string {
  const cols = columnsOf(rows, spec.columns, spec.hidden ?? []);
  const body = rows.map((r) => {
    const v = spec.verdict(r);
    const cls = v === 'bad' ? 'failing bad-row' : v === 'warn' ? 'passing warn-row' : v === 'skip' ? 'passing muted' : 'passing';
    return `<tr class="${cls}">${cols.map((c) => cell(r[c])).join('')}</tr>`;
  });
  return `<div class="scroll"><table class="artifact"><thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table></div>`;
}

/**
 * Mutation score: killed / total, which mutants survived (or could not be judged) and which were killed by a check
 * other than the one their spec names; plus the baseline (unmutated kernels), which must pass for the score to mean
 * anything.
 */
function mutationSummary(rows: readonly FlatRow[], meta: ExtractedRows['meta']): string {
  const judged = rows.filter((r) => typeof r.killed === 'boolean');
  const killed = judged.filter((r) => r.killed === true).length;
  const total = judged.length;
  const pct = total === 0 ? 0 : (100 * killed) / total;
  const ids = (f: (r: FlatRow) => boolean): string =>
    rows.filter(f).map((r) => `<code>${esc(String(r.id ?? '?'))}</code>`).join(', ');
  const survivors = ids((r) => r.killed === false);
  const unexpected = ids((r) => r.killed === true && r.matchedExpectation === false);
  const baselineOk = meta.find(([k]) => k === 'baseline.ok')?.[1];
  const baseline = baselineOk === false
    ? '<p class="bad">baseline FAILED: the unmutated kernels fail a suite, so kills are not meaningful</p>'
    : baselineOk === true ? '<p class="ok">baseline: the unmutated kernels pass</p>' : '';
  const matched = rows.filter((r) => r.matchedExpectation === true).length;
  return baseline +
    `<p class="mutation-score"><span class="badge ${killed === total && total > 0 ? 'ok' : 'bad'}">mutation score ${killed}/${total}</span> ` +
    `<span class="meter"><i style="width:${pct.toFixed(1)}%"></i></span>${esc(fmt(pct))} % killed, ${matched}/${rows.length} by the expected check</p>` +
    (survivors === '' ? '' : `<p class="bad">survived or not judged: ${survivors}</p>`) +
    (unexpected === '' ? '' : `<p class="warn">killed, but not by the expected check: ${unexpected}</p>`);
}

function verdictSummary(rows: readonly FlatRow[], spec: TableSpec): string {
  const bad = rows.filter((r) => spec.verdict(r) === 'bad').length;
  const warn = rows.filter((r) => spec.verdict(r) === 'warn').length;
  return `<p>${rows.length} row(s)` + (bad > 0 ? `, <span class="bad">${bad} failing</span>` : '') +
    (warn > 0 ? `, <span class="warn">${warn} with warnings</span>` : '') + '</p>';
}

/** Further lists in the file (e.g. compile gates' host checks) as plain tables under their own heading. */
function otherLists(data: JsonValue, mainKey: string | undefined): string {
  if (!isObject(data)) return '';
  const plain: TableSpec = {
    listKeys: [], keyNames: ['name', 'key'], columns: ['name', 'status'],
    verdict: (r) => (r.status === 'failed' || r.ok === false ? 'bad' : undefined), describe: (r) => String(r.name),
  };
  return Object.entries(data)
    .filter(([k, v]) => k !== mainKey && Array.isArray(v) && v.length > 0 && v.every(isObject))
    .map(([k, v]) => `<h3>${esc(k)}</h3>${table(extractRows(v, k, []).rows, plain)}`)
    .join('');
}

function loadedBody(id: ArtifactId, data: JsonValue): string {
  const spec = ARTIFACT_TABLES[id];
  const origin = ARTIFACTS[id].file;
  const shaped = spec.reshape === undefined ? data : spec.reshape(data);
  const extracted = extractRows(shaped, origin, spec.listKeys, spec.keyNames);
  const summary = id === 'mutation' ? mutationSummary(extracted.rows, extracted.meta) : verdictSummary(extracted.rows, spec);
  return warningList(extracted.warnings) + metaTable(extracted.meta) +
    (extracted.rows.length === 0 ? '<p class="muted">No rows.</p>' : summary + table(extracted.rows, spec)) +
    otherLists(shaped, extracted.listKey);
}

/** The body of one artifact section: raw (loaded) or judged (fresh / stale) files. */
export function artifactSection(id: ArtifactId, file: ArtifactFile | JudgedArtifact): string {
  const spec = ARTIFACTS[id];
  switch (file.status) {
    case 'absent':
      return `<p class="muted not-run">not run — <code>reports/${esc(spec.file)}</code> is absent; produce it with <code>${esc(spec.command)}</code></p>`;
    case 'invalid':
      return `<p class="warn">warning: ${esc(file.warning)}</p><p class="muted">Re-run <code>${esc(spec.command)}</code> to regenerate it.</p>`;
    case 'stale':
      return `<div class="stale"><p class="stale-note">stale — ${esc(file.why)}; not counted in the verdict. Re-run <code>${esc(spec.command)}</code> after the suites to refresh it.</p>` +
        `<details class="fold"><summary>show the stale file</summary>${bodyOf(id, file.data)}</details></div>`;
    case 'loaded':
    case 'fresh':
      return bodyOf(id, file.data);
  }
}

function bodyOf(id: ArtifactId, data: JsonValue): string {
  return id === 'bench' ? benchBody(data) : loadedBody(id, data);
}
