/**
 * Assertions over one sampling launch, as its entry declares: every applicable check recorded with its scope and
 * asserted (failing rows saved as regressions), and the contract checks the entry does not promise recorded as not
 * applicable — in the report and once per file on the console — so that nothing unchecked reads as passed.
 */
import type { NotApplicable } from '../../src/checks/index.ts';
import type { ManifestEntry } from '../../src/manifest/index.ts';
import { record } from '../../src/report/record.ts';
import type { CheckResult } from '../../src/types.ts';
import { expectCheck } from './expect-check.ts';
import { acceptsParams, paramsLabel, type FilterParams } from './filter-of.ts';
import { edgeInputs } from './edge-rows.ts';
import { committedInputs, inputKindOf, regressionInputs, rowsFor, type NamedRows } from './sampling-inputs.ts';
import { recordReplay, replayLaunch } from './sampling-replay.ts';
import { guaranteeChecks, notApplicableChecks, type SamplingLaunch } from './sampling-run.ts';
import { casesOfEntry } from './variants.ts';

export const rerun = (family: string): string => `npx vitest run suites/${family}`;

/**
 * The parameter cases of a family that this entry's ABI can take (scalar-only ABIs skip per-row cases); an
 * element-type variant's first and last of those (variants.ts).
 */
export function casesFor(cases: (vocab: number, batch: number) => readonly FilterParams[], entry: ManifestEntry, vocab: number, batch: number): FilterParams[] {
  return casesOfEntry(entry, cases(vocab, batch).filter((p) => acceptsParams(entry, p)));
}

/** Committed fixtures, saved regressions and edge rows, each as the entry reads it (element type, normalization). */
export function fixtureInputs(entry: ManifestEntry): NamedRows[] {
  const kind = inputKindOf(entry);
  return [...committedInputs(kind), ...regressionInputs(kind), ...edgeInputs(kind)].map((i) => ({ name: i.name, rows: rowsFor(entry, i.rows) }));
}

const announced = new Set<string>();

/**
 * Records (on the current test) every contract check the entry does not promise (a sampler's, unless `checks` names
 * them, e.g. a transform's); prints each once per file.
 */
export function noteNotApplicable(entry: ManifestEntry, checks: readonly NotApplicable[] = notApplicableChecks(entry)): void {
  for (const n of checks) {
    record.notApplicable({ kernel: entry.name, check: n.check, declared: n.declared });
    const line = `[contract] ${entry.name}: ${n.check} not applicable (declared ${n.declared})`;
    if (!announced.has(line)) console.log(line);
    announced.add(line);
  }
}

/** Every check of one launch against the reference; failing rows are saved as regressions. */
export function expectLaunchMatches(entry: ManifestEntry, input: NamedRows, params: FilterParams, seed: bigint, offset: bigint, launch: SamplingLaunch, fcRepro?: { fcSeed: number; fcPath: string }): void {
  const reproduce = { seed, offset, command: rerun(entry.family), ...(fcRepro ?? {}) };
  const failing = { rows: input.rows, kind: inputKindOf(entry), params: { kernel: entry.name, input: input.name, seed: String(seed), offset: String(offset), params: paramsLabel(params) } } as const;
  const caseName = `${input.name} (${paramsLabel(params)})`;
  const ctx = { kernel: entry.name, case: caseName, reproduce, failing };
  for (const c of guaranteeChecks(entry, input.rows, params, launch)) expectCheck(c.result, { ...ctx, scope: c.scope });
  const r = replayLaunch(entry, input.rows, params, launch, seed, offset);
  if (r === null) return;
  recordReplay(entry, caseName, input.rows.batch, r);
  expectCheck(r.check.result, { ...ctx, scope: r.check.scope });
}

/** The first failing check of one launch (fast-check properties), or undefined. */
export function firstFailure(entry: ManifestEntry, input: NamedRows, params: FilterParams, seed: bigint, offset: bigint, launch: SamplingLaunch): CheckResult | undefined {
  const bad = guaranteeChecks(entry, input.rows, params, launch).find((c) => !c.result.ok);
  if (bad !== undefined) return bad.result;
  const r = replayLaunch(entry, input.rows, params, launch, seed, offset);
  return r !== null && !r.check.result.ok ? r.check.result : undefined;
}
