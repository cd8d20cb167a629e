/** Reads a results.json back for re-rendering, refusing files of another schema version. */
import { readFileSync } from 'node:fs';
import { REPORT_SCHEMA_VERSION, type ReportResults } from './schema.ts';
import { errorMessage } from '../errors.ts';

export function parseResults(text: string, origin = 'results.json'): ReportResults {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new TypeError(`${origin} is not valid JSON: ${errorMessage(e)}`);
  }
  if (typeof value !== 'object' || value === null) throw new TypeError(`${origin} must hold a JSON object`);
  const o = value as Record<string, unknown>;
  if (o.schema !== REPORT_SCHEMA_VERSION) {
    throw new RangeError(`${origin}.schema must be ${REPORT_SCHEMA_VERSION}, got ${JSON.stringify(o.schema)}`);
  }
  for (const key of ['summary', 'kernels', 'environment', 'git'] as const) {
    if (typeof o[key] !== 'object' || o[key] === null) throw new TypeError(`${origin}.${key} must be an object`);
  }
  if (!Array.isArray(o.tests)) throw new TypeError(`${origin}.tests must be an array`);
  // Fields added after a file was written default to empty, so older files of the same version still render.
  return { sections: {}, unhandledErrors: [], ...o } as unknown as ReportResults;
}

export function loadResults(path: string): ReportResults {
  return parseResults(readFileSync(path, 'utf8'), path);
}
