/**
 * Decides, for one mutant, whether it was killed and whether by the check its spec names.
 * A failure counts as a kill only if the same test passed on the unmutated kernels (baseline), so a flaky or
 * already-broken test cannot inflate the score.
 */
import type { MutantSpec } from './spec.ts';
import { failureKey, type TestFailure, type VitestOutcome } from './vitest-json.ts';

export interface SanitizerVerdict {
  readonly tool: 'memcheck' | 'racecheck';
  /** Errors attributed to any kernel (or unattributed), null when the run did not complete. */
  readonly errors: number | null;
}

/** One row of reports/mutants.json. */
export interface MutantResult {
  readonly id: string;
  readonly bugClass: string;
  readonly description: string;
  readonly file: string;
  readonly killed: boolean;
  /** Tests that failed on the mutant but not on the baseline ("<family> › <test name>"), then "sanitizer:<tool>". */
  readonly killedBy: readonly string[];
  /** 'suite:<family>:<check>' or 'sanitizer:<tool>'. */
  readonly expectedKill: string;
  readonly matchedExpectation: boolean;
  /** Wall time of the mutant's runs, ms. */
  readonly ms: number;
  /** Why the run could not be judged (materialize drift, vitest wrote no report...); killed is then false. */
  readonly error?: string;
}

export function expectedKillLabel(spec: MutantSpec): string {
  const e = spec.expectedKill;
  return e.by === 'suite' ? `suite:${e.family}:${e.check}` : `sanitizer:${e.tool}`;
}

function failureLabel(f: TestFailure): string {
  return `${f.family ?? '?'} › ${f.name}`;
}

/** Failures of `run` that did not also fail in `baseline`. */
export function newFailures(run: VitestOutcome, baseline: VitestOutcome | null): TestFailure[] {
  const old = new Set((baseline?.failures ?? []).map(failureKey));
  return run.failures.filter((f) => !old.has(failureKey(f)));
}

/** True iff `f` is the expected check: right family, check text in its name or a failure message. */
export function matchesCheck(f: TestFailure, family: string, check: string): boolean {
  if (f.family !== family) return false;
  const needle = check.toLowerCase();
  return f.name.toLowerCase().includes(needle) || f.messages.some((m) => m.toLowerCase().includes(needle));
}

export function classifyMutant(
  spec: MutantSpec,
  run: VitestOutcome,
  baseline: VitestOutcome | null,
  ms: number,
  sanitizer: SanitizerVerdict | null = null,
): MutantResult {
  const fresh = newFailures(run, baseline);
  const killedBy = fresh.map(failureLabel);
  const sanitizerKill = sanitizer !== null && sanitizer.errors !== null && sanitizer.errors > 0;
  if (sanitizerKill) killedBy.push(`sanitizer:${sanitizer.tool}`);
  const e = spec.expectedKill;
  const matched =
    e.by === 'suite'
      ? fresh.some((f) => matchesCheck(f, e.family, e.check))
      : sanitizerKill && sanitizer !== null && sanitizer.tool === e.tool;
  return {
    id: spec.id,
    bugClass: spec.bugClass,
    description: spec.description,
    file: spec.file,
    killed: killedBy.length > 0,
    killedBy,
    expectedKill: expectedKillLabel(spec),
    matchedExpectation: matched,
    ms,
  };
}

/** A mutant whose run could not be judged: counted as surviving, with the reason. */
export function unjudgedMutant(spec: MutantSpec, error: string, ms: number): MutantResult {
  return {
    id: spec.id,
    bugClass: spec.bugClass,
    description: spec.description,
    file: spec.file,
    killed: false,
    killedBy: [],
    expectedKill: expectedKillLabel(spec),
    matchedExpectation: false,
    ms,
    error,
  };
}
