/**
 * Replay of one sampling launch, as the entry's randomness allows: bit for bit through the TypeScript Philox
 * (philox-replay), within a tolerance band around the uniforms the harness wrote (uniforms-in), or not at all
 * (seeded, several uniforms per row). Every replay is recorded for the report; disagreements inside the band are
 * recorded with how far inside they lie, so a kernel living at the edge of its declared tolerance is visible.
 */
import { exactReplay, replayPromise, uniformBandReplay, type BandDisagreement, type ReplayOutcome } from '../../src/checks/index.ts';
import type { ManifestEntry } from '../../src/manifest/index.ts';
import { record } from '../../src/report/record.ts';
import type { RowBatch } from '../../src/types.ts';
import type { FilterParams } from './filter-of.ts';
import { eligibleSets, referenceFor, rowValidity, samplingWeights, type SamplingLaunch, type ScopedCheck } from './sampling-run.ts';

interface LaunchReplay {
  readonly check: ScopedCheck;
  readonly outcome: ReplayOutcome;
  /** Band replay only: disagreements inside or outside the band, and rows left out as ambiguous (tie policy any). */
  readonly disagreements: readonly BandDisagreement[];
  readonly ambiguous: number;
}

/** Disagreements listed in the report per case (the check's findings hold every one outside the band). */
const MAX_RECORDED_DISAGREEMENTS = 20;

/** The replay the entry's randomness allows, or null when it is not applicable (notApplicableChecks says why). */
export function replayLaunch(entry: ManifestEntry, rows: RowBatch<Float32Array>, params: FilterParams, launch: SamplingLaunch, seed: bigint, offset: bigint): LaunchReplay | null {
  const promise = replayPromise(entry);
  if (promise.kind === 'none') return null;
  if (promise.kind === 'exact') {
    // without a valid flag an invalid row's token is any in-range value (or unspecified): only valid rows replay
    const rowsCompared = entry.invalidRows === 'flag' ? undefined : rowValidity(entry, rows);
    const outcome = exactReplay(referenceFor(entry, rows, params, seed, offset), launch, { margin: promise.margin, ...(rowsCompared ? { rows: rowsCompared } : {}) });
    return { check: { result: outcome.result, scope: 'contract' }, outcome, disagreements: [], ambiguous: 0 };
  }
  if (launch.uniforms === null) throw new Error(`${entry.name}: a uniforms-in launch returned no uniforms to replay`);
  const weights = samplingWeights(entry, rows, params);
  const outcome = uniformBandReplay({ weights, uniforms: launch.uniforms, masks: eligibleSets(entry, weights, params), tolerance: promise.tolerance }, launch.token);
  return { check: { result: outcome.result, scope: 'contract' }, outcome, disagreements: outcome.disagreements, ambiguous: outcome.ambiguous };
}

/** Records a replay for the report (and a console line when rows were accepted off the exact token). */
export function recordReplay(entry: ManifestEntry, caseName: string, rows: number, r: LaunchReplay): void {
  const { exact, nearBoundary, result } = r.outcome;
  record.replay({ kernel: entry.name, rows, exact, nearBoundary, mismatches: result.detail.findings.length });
  if (r.disagreements.length > 0) {
    const tolerance = entry.rng?.mode === 'uniforms-in' ? entry.rng.tolerance : 0;
    const listed = r.disagreements.slice(0, MAX_RECORDED_DISAGREEMENTS).map((d) => ({ row: d.row, u: d.u, token: d.token, refToken: d.refToken, distance: Number.isFinite(d.distance) ? d.distance : 'Infinity', slack: Number.isFinite(d.slack) ? d.slack : '-Infinity' }));
    record.section(`uniform replay band: ${entry.name}`, { case: caseName, tolerance, disagreements: r.disagreements.length, ambiguous: r.ambiguous, listed });
    const inside = r.disagreements.filter((d) => d.slack >= 0);
    const closest = inside.reduce((m, d) => Math.min(m, d.slack), Infinity);
    console.log(`[replay] ${entry.name} ${caseName}: ${inside.length} row(s) off the exact token inside the band of ${tolerance} (least slack ${Number.isFinite(closest) ? closest.toExponential(2) : 'n/a'}), ${r.disagreements.length - inside.length} outside`);
  } else if (nearBoundary > 0) {
    console.log(`[replay] ${entry.name} ${caseName}: ${nearBoundary} near-boundary row(s) of ${rows}`);
  }
}
