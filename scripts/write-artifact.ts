/**
 * Writes a script's artifact next to the report (the configured report directory), stamped with the commit and the
 * time (stampArtifact) so the report can tell a fresh artifact from one of another run.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { config, REPO_ROOT } from '../src/config/index.ts';
import { stampArtifact } from '../src/report/artifacts.ts';

/** Writes `<reportDir>/<file>` atomically and returns its path. */
export function writeArtifact(file: string, data: object, dir: string = config().reportDir): string {
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, file);
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(stampArtifact(data, REPO_ROOT), null, 2)}\n`);
  renameSync(tmp, out);
  return out;
}
