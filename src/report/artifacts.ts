/**
 * Artifacts written by separate scripts next to results.json (compile gates, bench, mutants, sanitizer).
 * They are optional and written by code this layer does not own, so loading never throws: a missing file is
 * "not run", an unreadable or non-JSON file is a warning shown in its section.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitCommit } from './git-commit.ts';
import type { JsonValue } from './schema.ts';
import { errorMessage } from '../errors.ts';

/**
 * What every artifact carries at its top level so the report can tell whether it describes the run it is shown
 * with: the commit it was made from (absent outside git) and when it was written.
 */
export interface ArtifactStamp {
  readonly commit?: string;
  readonly createdAt: string;
}

/** `data` with the stamp added: call it on the object a script is about to write next to the report. */
export function stampArtifact<T extends object>(data: T, root: string, now: Date = new Date()): T & ArtifactStamp {
  const commit = gitCommit(root);
  return { ...data, ...(commit === undefined ? {} : { commit }), createdAt: now.toISOString() };
}

export const ARTIFACT_IDS = ['compile-gates', 'bench', 'mutation', 'sanitizer'] as const;
export type ArtifactId = (typeof ARTIFACT_IDS)[number];

export interface ArtifactSpec {
  readonly file: string;
  readonly title: string;
  /** The command that produces the file (shown when it is absent). */
  readonly command: string;
}

export const ARTIFACTS: Readonly<Record<ArtifactId, ArtifactSpec>> = {
  'compile-gates': { file: 'compile-gates.json', title: 'Compile gates', command: 'npx tsx scripts/compile-gates.ts' },
  bench: { file: 'bench.json', title: 'Benchmark', command: 'npm run bench' },
  mutation: { file: 'mutants.json', title: 'Mutation score', command: 'npm run mutants' },
  sanitizer: { file: 'sanitizer.json', title: 'Sanitizer', command: 'npm run sanitize' },
};

export type ArtifactFile =
  | { readonly status: 'absent' }
  | { readonly status: 'invalid'; readonly warning: string }
  | { readonly status: 'loaded'; readonly data: JsonValue };

export type Artifacts = Readonly<Record<ArtifactId, ArtifactFile>>;

export const NO_ARTIFACTS: Artifacts = {
  'compile-gates': { status: 'absent' },
  bench: { status: 'absent' },
  mutation: { status: 'absent' },
  sanitizer: { status: 'absent' },
};

/** Parses one artifact's text; `origin` names the file in the warning. */
export function parseArtifact(text: string, origin: string): ArtifactFile {
  try {
    return { status: 'loaded', data: JSON.parse(text) as JsonValue };
  } catch (e) {
    return { status: 'invalid', warning: `${origin} is not valid JSON: ${errorMessage(e)}` };
  }
}

function loadOne(dir: string, id: ArtifactId): ArtifactFile {
  const path = join(dir, ARTIFACTS[id].file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { status: 'absent' };
    return { status: 'invalid', warning: `${ARTIFACTS[id].file} could not be read: ${errorMessage(e)}` };
  }
  return parseArtifact(text, ARTIFACTS[id].file);
}

/** Reads every artifact present in the report directory `dir`. */
export function loadArtifacts(dir: string): Artifacts {
  const out = {} as Record<ArtifactId, ArtifactFile>;
  for (const id of ARTIFACT_IDS) out[id] = loadOne(dir, id);
  return out;
}
