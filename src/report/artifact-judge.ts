/**
 * Which artifacts describe the run they are shown with, and what failed in those that do. An artifact from another
 * commit, without a stamp, or written before the suites run started is stale: shown greyed, never in the verdict.
 */
import { extractRows, isObject } from './artifact-rows.ts';
import { ARTIFACT_TABLES } from './artifact-specs.ts';
import { ARTIFACT_IDS, ARTIFACTS, type ArtifactFile, type ArtifactId, type Artifacts } from './artifacts.ts';
import type { JsonValue, ReportResults } from './schema.ts';

export type JudgedArtifact =
  | { readonly status: 'absent' }
  | { readonly status: 'invalid'; readonly warning: string }
  | { readonly status: 'stale'; readonly data: JsonValue; readonly why: string }
  | { readonly status: 'fresh'; readonly data: JsonValue; readonly failures: readonly string[] };

export type JudgedArtifacts = Readonly<Record<ArtifactId, JudgedArtifact>>;

export const NO_JUDGED_ARTIFACTS: JudgedArtifacts = {
  'compile-gates': { status: 'absent' },
  bench: { status: 'absent' },
  mutation: { status: 'absent' },
  sanitizer: { status: 'absent' },
};

/** What an artifact must match: the suites run's commit and start. */
export interface RunStamp {
  readonly commit?: string;
  readonly startedAt: string;
}

/** Reports written before runs recorded their start fall back to their end time. */
export function runStamp(results: ReportResults): RunStamp {
  const startedAt = results.startedAt ?? results.createdAt;
  return results.git.commit === undefined ? { startedAt } : { commit: results.git.commit, startedAt };
}

export const shortCommit = (commit: string): string => commit.slice(0, 10);

/** A short hash (SAMPLING_GIT_COMMIT may hold one) names the same commit as the full hash it prefixes. */
const sameCommit = (a: string, b: string): boolean => a.startsWith(b) || b.startsWith(a);

/** Why `data` does not describe the run `run`, or undefined when it does. */
export function staleReason(data: JsonValue, run: RunStamp): string | undefined {
  const o = isObject(data) ? data : {};
  const commit = typeof o.commit === 'string' ? o.commit : undefined;
  if (commit === undefined) return 'unknown commit: the file carries no commit stamp';
  if (run.commit === undefined) return `made from commit ${shortCommit(commit)}; the suites run's commit is unknown`;
  if (!sameCommit(commit, run.commit)) return `made from commit ${shortCommit(commit)}; the suites ran on ${shortCommit(run.commit)}`;
  const created = typeof o.createdAt === 'string' ? Date.parse(o.createdAt) : Number.NaN;
  if (Number.isNaN(created)) return 'no createdAt stamp';
  if (created < Date.parse(run.startedAt)) return `written ${String(o.createdAt)}, before the suites run started (${run.startedAt})`;
  return undefined;
}

const SHOWN = 3;

/** What failed in a fresh artifact, one line per artifact naming the first failing rows. */
export function artifactFailures(id: ArtifactId, data: JsonValue): string[] {
  const spec = ARTIFACT_TABLES[id];
  const title = ARTIFACTS[id].title;
  const shaped = spec.reshape === undefined ? data : spec.reshape(data);
  const { rows } = extractRows(shaped, ARTIFACTS[id].file, spec.listKeys, spec.keyNames);
  const bad = rows.filter((r) => spec.verdict(r) === 'bad').map(spec.describe);
  const out: string[] = [];
  const o = isObject(data) ? data : {};
  if (isObject(o.baseline) && o.baseline.ok === false) out.push(`${title}: the baseline (unmutated kernels) failed`);
  if (bad.length > 0) {
    const more = bad.length > SHOWN ? `; and ${bad.length - SHOWN} more` : '';
    out.push(`${title}: ${bad.length} of ${rows.length} failing — ${bad.slice(0, SHOWN).join('; ')}${more}`);
  } else if (o.ok === false) {
    out.push(`${title}: the file says ok: false`);
  }
  return out;
}

export function judgeArtifact(id: ArtifactId, file: ArtifactFile, run: RunStamp): JudgedArtifact {
  if (file.status !== 'loaded') return file;
  const why = staleReason(file.data, run);
  if (why !== undefined) return { status: 'stale', data: file.data, why };
  return { status: 'fresh', data: file.data, failures: artifactFailures(id, file.data) };
}

export function judgeArtifacts(artifacts: Artifacts, results: ReportResults): JudgedArtifacts {
  const run = runStamp(results);
  const out = {} as Record<ArtifactId, JudgedArtifact>;
  for (const id of ARTIFACT_IDS) out[id] = judgeArtifact(id, artifacts[id], run);
  return out;
}
