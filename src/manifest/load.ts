/** Loads and validates `<dir>/manifest.json` (the shipped kernels/ or a user's own kernel directory). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ManifestError } from './manifest-error.ts';
import type { Manifest } from './types.ts';
import { validateManifest } from './validate.ts';
import { errorMessage } from '../errors.ts';

export const MANIFEST_FILE = 'manifest.json';

export function loadManifest(dir: string): Manifest {
  if (typeof dir !== 'string' || dir === '') throw new TypeError(`dir must be a non-empty path string, got ${String(dir)}`);
  const root = resolve(dir);
  const path = join(root, MANIFEST_FILE);
  if (!existsSync(path)) throw new ManifestError(path, null, '', 'manifest file not found');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ManifestError(path, null, '', `not valid JSON: ${errorMessage(e)}`);
  }
  const fileExists = (relative: string): boolean => {
    const p = join(root, relative);
    return existsSync(p) && statSync(p).isFile();
  };
  return validateManifest(json, { file: path, dir: root, fileExists });
}
