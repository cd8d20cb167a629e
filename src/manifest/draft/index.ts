/** init-manifest's engine: signatures read from a source, entries drafted, the draft validated when complete. */
import { ManifestError } from '../manifest-error.ts';
import { validateManifest } from '../validate.ts';
import { draftEntry, type DraftEntry, type DraftLaunch } from './draft.ts';
import { parseKernelSignatures } from './signatures.ts';

export { parseKernelSignatures, parseParam, type CParam, type KernelSignature } from './signatures.ts';
export { draftEntry, type DraftEntry, type DraftLaunch } from './draft.ts';
export { DESIGN_RANGES } from './params.ts';

export interface Draft {
  readonly manifest: { readonly version: 1; readonly entries: readonly Record<string, unknown>[] };
  readonly entries: readonly DraftEntry[];
  /** Every decision left, prefixed with its entry's name; empty when the draft is complete. */
  readonly decisions: readonly string[];
  /** The validator's verdict on a complete draft: null when it validates (or decisions remain). */
  readonly invalid: string | null;
}

export interface DraftOptions {
  /** The source file's path relative to the manifest's directory (the entries' `file`). */
  readonly file: string;
  readonly launch?: DraftLaunch;
  /** Whether a file (relative to the manifest's directory) exists; default: any does. */
  readonly fileExists?: (relative: string) => boolean;
  /** Label of the manifest in validation messages. */
  readonly manifestPath?: string;
}

export function draftManifest(source: string, opts: DraftOptions): Draft {
  const sigs = parseKernelSignatures(source);
  if (sigs.length === 0) {
    throw new RangeError(`${opts.file}: no extern "C" __global__ void functions found (entry points made by macros are not seen: write the manifest by hand)`);
  }
  const entries = sigs.map((s) => draftEntry(s, opts.file, opts.launch));
  const manifest = { version: 1 as const, entries: entries.map((e) => e.json) };
  const decisions = entries.flatMap((e) => e.decisions.map((d) => `${String(e.json.name)}: ${d}`));
  let invalid: string | null = null;
  if (decisions.length === 0) {
    try {
      validateManifest(manifest, { file: opts.manifestPath ?? 'manifest.json', dir: '.', fileExists: opts.fileExists ?? (() => true) });
    } catch (e) {
      if (!(e instanceof ManifestError)) throw e;
      invalid = e.message;
    }
  }
  return { manifest, entries, decisions, invalid };
}
