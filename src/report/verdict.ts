/**
 * The run's one verdict, shared by the HTML headline, the console's last line and compare mode:
 *  - FAILED: anything failed (an aborted or interrupted run, a file that did not load, a failed check or test, an
 *    unhandled error, a fresh artifact with a failing row), what failed named first;
 *  - NOT VERIFIED: nothing failed but no kernel ran on a GPU (neutral, never green), with the reason and what would
 *    run it;
 *  - VERIFIED: at least one kernel ran on a GPU and everything that ran passed.
 * Stale artifacts are listed but never counted.
 */
import { ARTIFACT_IDS, ARTIFACTS } from './artifacts.ts';
import { NO_JUDGED_ARTIFACTS, type JudgedArtifacts } from './artifact-judge.ts';
import { checkMatrix, failedCells, kernelsThatRan, type CheckMatrix } from './matrix.ts';
import type { ReportResults } from './schema.ts';
import { shortReason } from './short-reason.ts';

export type VerdictStatus = 'verified' | 'failed' | 'not-verified';

export const VERDICT_LABEL: Readonly<Record<VerdictStatus, string>> = {
  verified: 'VERIFIED',
  failed: 'FAILED',
  'not-verified': 'NOT VERIFIED',
};

export interface Verdict {
  readonly status: VerdictStatus;
  /** One line after the label: the first failure, why nothing was verified, or what was. */
  readonly summary: string;
  /** Everything that failed, in the order a reader should fix it (empty unless FAILED). */
  readonly failures: readonly string[];
  /** What would make the run verify something (NOT VERIFIED only). */
  readonly hint?: string;
  /** Artifacts left out of the verdict, with why. */
  readonly stale: readonly string[];
  /** Kernels that ran on a GPU. */
  readonly kernels: number;
}

export const REQUIRE_GPU_HINT =
  'run on a machine with a GPU (npx vitest run suites), or set SAMPLING_REQUIRE_GPU=1 to make a run without a GPU a failure';

const MAX_LINE = 200;
const line = (text: string): string => {
  const first = (text.split('\n')[0] ?? '').trim();
  return first.length <= MAX_LINE ? first : `${first.slice(0, MAX_LINE - 1)}…`;
};

function runFailures(r: ReportResults, others: number): string[] {
  const end = r.run?.end;
  const cause = r.run?.cause === undefined ? undefined : line(r.run.cause);
  if (end === 'aborted') return [`the run stopped before any test file ran: ${cause ?? 'a startup error (see the console)'}`];
  if (end === 'interrupted') return [`the run was interrupted before it finished${cause === undefined ? '' : `: ${cause}`}`];
  if (end === 'failed' && others === 0) return [`vitest reported the run as failed${cause === undefined ? ' (see the console)' : `: ${cause}`}`];
  return [];
}

function testFailures(r: ReportResults, m: CheckMatrix): string[] {
  return [
    ...(r.fileErrors ?? []).map((e) => `${e.suite === undefined ? `${e.file} did not load` : `${e.file} › ${e.suite} (hook)`}: ${line(e.message)}`),
    ...failedCells(m),
    ...r.tests.filter((t) => t.state === 'failed').map((t) => `${t.file} › ${t.fullName}${t.errors[0] === undefined ? '' : `: ${line(t.errors[0].message)}`}`),
    ...r.unhandledErrors.map((e) => `unhandled error: ${line(e.message)}`),
  ];
}

function notVerified(r: ReportResults): string {
  const d = r.device;
  if (d === undefined) return 'no verification-suite test ran (this run recorded no device)';
  if (!d.available) {
    const reason = shortReason(d.reason ?? 'no reason recorded');
    return /^no GPU\b/i.test(reason) ? reason : `no GPU: ${reason}`;
  }
  return `a GPU was found (${d.name ?? 'unnamed'}) but no kernel recorded a result`;
}

export function verdictOf(results: ReportResults, artifacts: JudgedArtifacts = NO_JUDGED_ARTIFACTS, matrix = checkMatrix(results)): Verdict {
  const stale: string[] = [];
  const artifactFailures: string[] = [];
  for (const id of ARTIFACT_IDS) {
    const a = artifacts[id];
    if (a.status === 'stale') stale.push(`${ARTIFACTS[id].title}: ${a.why}`);
    if (a.status === 'fresh') artifactFailures.push(...a.failures);
  }
  const tested = [...testFailures(results, matrix), ...artifactFailures];
  const failures = [...runFailures(results, tested.length), ...tested];
  const onGpu = results.device?.available === true && results.device.vendor !== 'fake';
  const kernels = onGpu ? kernelsThatRan(matrix).length : 0;
  if (failures.length > 0) {
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
    return { status: 'failed', summary: `${failures[0]}${more}`, failures, stale, kernels };
  }
  if (kernels === 0) return { status: 'not-verified', summary: notVerified(results), failures, hint: REQUIRE_GPU_HINT, stale, kernels };
  const { passed, skipped } = results.summary;
  const where = results.device?.name === undefined ? 'a GPU' : results.device.name;
  const summary = `${kernels} kernel${kernels === 1 ? '' : 's'} ran on ${where}; ${passed} tests passed${skipped > 0 ? `, ${skipped} skipped` : ''}, every check that ran passed`;
  return { status: 'verified', summary, failures, stale, kernels };
}

/** The console's last line: `sampling verdict: NOT VERIFIED — no GPU: …; run on a machine with a GPU, …`. */
export function verdictLine(v: Verdict): string {
  const hint = v.hint === undefined ? '' : `; ${v.hint}`;
  const stale = v.stale.length === 0 ? '' : ` [${v.stale.length} stale artifact(s) left out]`;
  return `sampling verdict: ${VERDICT_LABEL[v.status]} — ${v.summary}${hint}${stale}`;
}
