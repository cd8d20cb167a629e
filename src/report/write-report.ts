/** Writes results.json and index.html into the report directory, with any artifact files already there. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadArtifacts } from './artifacts.ts';
import { renderReport } from './render.ts';
import type { ReportResults } from './schema.ts';

export const REPORT_DIR_ENV = 'SAMPLING_REPORT_DIR';

/** `SAMPLING_REPORT_DIR` if set (relative to root), else `<root>/reports`. */
export function reportDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[REPORT_DIR_ENV];
  return resolve(root, fromEnv !== undefined && fromEnv !== '' ? fromEnv : 'reports');
}

export function writeReport(dir: string, results: ReportResults): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'results.json');
  const html = join(dir, 'index.html');
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(html, renderReport(results, loadArtifacts(dir)));
  return { json, html };
}
