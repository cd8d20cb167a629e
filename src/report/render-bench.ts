/**
 * The bench section: the run's facts (device, copy bandwidth, launch floor), time against vocabulary per kernel, and
 * one compact kernel × shape table of median times (a failed launch red, a missed speed target amber).
 */
import { extractRows } from './artifact-rows.ts';
import { ARTIFACT_TABLES } from './artifact-specs.ts';
import { benchPoints, byKernel, shapeKey, type BenchPoint } from './bench-rows.ts';
import { esc } from './escape.ts';
import { fmt } from './format.ts';
import { metaTable, warningList } from './render-cells.ts';
import type { JsonValue } from './schema.ts';
import { benchChart } from './svg-bench.ts';

const us = (ms: number): string => fmt(ms * 1000);

function benchCell(p: BenchPoint | undefined): string {
  if (p === undefined) return '<td class="muted">—</td>';
  if (p.timing === undefined) return `<td class="bad" title="${esc(p.error ?? 'no timing')}">failed</td>`;
  const t = p.timing;
  const tip = `p10–p90 ${us(t.p10Ms)}–${us(t.p90Ms)} µs${p.met === false ? ', target missed' : ''}`;
  return `<td class="num${p.met === false ? ' warn' : ''}" title="${esc(tip)}">${esc(us(t.medianMs))}</td>`;
}

function shapeTable(points: readonly BenchPoint[]): string {
  const shapes = [...new Map(points.map((p) => [shapeKey(p), p])).values()]
    .sort((a, b) => a.vocab - b.vocab || a.batch - b.batch)
    .map(shapeKey);
  const rows = [...byKernel(points)].map(([kernel, ps]) => {
    const at = new Map(ps.map((p) => [shapeKey(p), p]));
    const failing = ps.some((p) => p.timing === undefined);
    return `<tr class="${failing ? 'failing' : 'passing'}"><th class="row"><code>${esc(kernel)}</code></th>${shapes.map((s) => benchCell(at.get(s))).join('')}</tr>`;
  });
  return `<div class="scroll"><table><thead><tr><th>median µs</th>${shapes.map((s) => `<th>${esc(s)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

export function benchBody(data: JsonValue): string {
  const spec = ARTIFACT_TABLES.bench;
  const extracted = extractRows(data, 'bench.json', spec.listKeys, spec.keyNames);
  const points = benchPoints(data);
  const head = warningList(extracted.warnings) + metaTable(extracted.meta);
  if (points.length === 0) return `${head}<p class="muted">No bench rows.</p>`;
  const failed = points.filter((p) => p.timing === undefined).length;
  const missed = points.filter((p) => p.met === false).length;
  const summary = `<p>${points.length} row(s)` + (failed > 0 ? `, <span class="bad">${failed} failed launch(es)</span>` : '') +
    (missed > 0 ? `, <span class="warn">${missed} missed speed target(s)</span>` : '') + '</p>';
  const charts = [...byKernel(points)].map(([kernel, ps]) => benchChart(kernel, ps)).join('');
  return `<details class="fold"><summary>bench run facts</summary>${head}</details>${summary}<div class="charts">${charts}</div>${shapeTable(points)}`;
}
