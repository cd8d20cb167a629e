/**
 * Validates parsed manifest JSON into a typed Manifest. Rejects unknown fields, missing or mistyped fields,
 * duplicate names, inconsistent parameter declarations, contracts that contradict the parameters and launch rules
 * that fail on the probe grid; every error names the entry and the field. File existence is checked by the
 * caller-supplied `fileExists` (see load.ts). Optional fields come back filled with their defaults (types.ts).
 */
import { MAX_BUDGET_MS } from '../limits.ts';
import { Ctx, describe, identifier, isRecord, oneOf, record, type Json } from './json-ctx.ts';
import {
  resolveTokenOutput,
  resolveValidOutput,
  validateAssumes,
  validateInvalidRows,
  validateOutputs,
  validateReference,
  validateRng,
  validateSpeculative,
  validateTiePolicy,
} from './validate-contract.ts';
import { launchExpr, NO_PARTS, probeRules, probeUniformsPerRow } from './validate-launch.ts';
import { validateParams } from './validate-params.ts';
import { validateLaunches } from './validate-stages.ts';
import { expandVariant } from './variants.ts';
import { KERNEL_FAMILIES, TOKEN_OPS, type Manifest, type ManifestEntry, type TimeBudget } from './types.ts';

const ENTRY_FIELDS = [
  'name',
  'file',
  'function',
  'family',
  'params',
  'launch',
  'reference',
  'tiePolicy',
  'rng',
  'workspaceBytes',
  'outputs',
  'budget',
  'tokenOutput',
  'validOutput',
  'invalidRows',
  'assumes',
  'stages',
  'intermediates',
  'speculative',
  'review',
  'variantOf',
] as const;
/** Fields every entry spells out (function and launch too, unless it is a pipeline). */
const REQUIRED_ENTRY_FIELDS: readonly string[] = ['name', 'file', 'family', 'params', 'reference', 'tiePolicy', 'rng', 'outputs'];

export interface ValidateOptions {
  /** Label used in error messages (the manifest path). */
  readonly file: string;
  /** Absolute directory of the manifest. */
  readonly dir: string;
  /** Whether an entry's `file` (relative to dir) exists and is a regular file. */
  readonly fileExists: (relative: string) => boolean;
}

function validateBudget(ctx: Ctx, v: Json): TimeBudget {
  const r = record(ctx, v, 'budget', ['baseMs', 'msPerMElement']);
  const num = (key: 'baseMs' | 'msPerMElement', min: number, open: boolean): number => {
    const x = r[key];
    if (typeof x !== 'number' || !Number.isFinite(x) || (open ? x <= min : x < min) || x > MAX_BUDGET_MS) {
      ctx.fail(`budget.${key}`, `expected a number in ${open ? '(' : '['}${min}, ${MAX_BUDGET_MS}], got ${describe(x)}`);
    }
    return x;
  };
  return { baseMs: num('baseMs', 0, true), msPerMElement: num('msPerMElement', 0, false) };
}

/** Notes for a person (init-manifest's guesses); kept, never interpreted. */
function validateReview(ctx: Ctx, v: Json): readonly string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.trim() !== '')) ctx.fail('review', `expected an array of non-empty strings, got ${describe(v)}`);
  return v as string[];
}

function validateFile(ctx: Ctx, src: Json, opts: ValidateOptions): string {
  if (typeof src !== 'string' || src === '' || src.startsWith('/') || src.split(/[\\/]/).includes('..')) {
    ctx.fail('file', `expected a path inside the manifest directory, got ${describe(src)}`);
  }
  if (!opts.fileExists(src)) ctx.fail('file', `'${src}' does not exist in ${opts.dir}`);
  return src;
}

function validateEntry(file: string, v: Json, index: number, opts: ValidateOptions): ManifestEntry {
  const label = isRecord(v) && typeof v.name === 'string' ? v.name : `#${index}`;
  const ctx: Ctx = new Ctx(file, label);
  const r = record(ctx, v, '', ENTRY_FIELDS);
  for (const key of REQUIRED_ENTRY_FIELDS) if (!(key in r)) ctx.fail(key, 'missing');
  const name = identifier(ctx, r.name, 'name');
  const src = validateFile(ctx, r.file, opts);
  const family = oneOf(ctx, r.family, 'family', KERNEL_FAMILIES);
  const params = validateParams(ctx, r.params);
  const launches = validateLaunches(ctx, r, params);
  const reference = validateReference(ctx, r.reference);
  const tiePolicy = validateTiePolicy(ctx, r.tiePolicy);
  const rng = validateRng(ctx, r.rng, params);
  if ((TOKEN_OPS.includes(reference.op) || reference.op === 'chain-speculative') && rng === null) ctx.fail('rng', 'a sampling kernel must declare its randomness');
  if (reference.op === 'chain-speculative' && rng?.mode === 'uniforms-in') {
    ctx.fail('rng.mode', "a speculative sampler draws draft + 1 uniforms per row: declare 'philox-replay' (uniformsPerRow \"draft + 1\") or 'seeded'");
  }
  if (rng?.mode === 'philox-replay' && rng.uniformsPerRow !== 1 && reference.op !== 'chain-speculative') {
    ctx.fail('rng.uniformsPerRow', `a '${reference.op}' kernel draws one Philox uniform per row (docs/design.md); only a chain-speculative kernel declares more`);
  }
  probeUniformsPerRow(ctx, rng, params);
  const speculative = validateSpeculative(ctx, r.speculative, params, reference.op);
  // the workspace formula sees the first launch's block and, when that launch splits, its parts
  const firstSplits = launches.stages[0]?.launch.split !== undefined;
  const workspaceBytes = r.workspaceBytes === undefined ? 0 : launchExpr(ctx, r.workspaceBytes, 'workspaceBytes', firstSplits ? {} : NO_PARTS);
  const outputs = validateOutputs(ctx, r.outputs, params);
  const validOutput = resolveValidOutput(ctx, r.validOutput, params);
  const tokenOutput = resolveTokenOutput(ctx, r.tokenOutput, params, reference.op, validOutput);
  const invalidRows = validateInvalidRows(ctx, r.invalidRows, reference.op, validOutput);
  const assumes = validateAssumes(ctx, r.assumes, reference.op);
  probeRules(ctx, launches.stages, workspaceBytes, params);
  const entry: ManifestEntry = {
    name,
    file: src,
    function: launches.function,
    family,
    params,
    launch: launches.launch,
    reference,
    tiePolicy,
    rng,
    workspaceBytes,
    outputs,
    tokenOutput,
    validOutput,
    invalidRows,
    assumes,
    stages: launches.stages,
    intermediates: launches.intermediates,
  };
  return {
    ...entry,
    ...(r.budget === undefined ? {} : { budget: validateBudget(ctx, r.budget) }),
    ...(speculative === undefined ? {} : { speculative }),
    ...(r.review === undefined ? {} : { review: validateReview(ctx, r.review) }),
    ...(typeof r.variantOf === 'string' ? { variantOf: r.variantOf } : {}),
  };
}

/** Validates parsed JSON. `file` labels errors; entries' files are checked with `opts.fileExists`. */
export function validateManifest(json: Json, opts: ValidateOptions): Manifest {
  const ctx: Ctx = new Ctx(opts.file, null);
  const top = record(ctx, json, '', ['version', 'entries', 'targets']);
  if (top.version !== 1) ctx.fail('version', `expected 1, got ${describe(top.version)}`);
  if (!Array.isArray(top.entries) || top.entries.length === 0) {
    ctx.fail('entries', `expected a non-empty array, got ${describe(top.entries)}`);
  }
  const raw: readonly Json[] = top.entries;
  const entries = raw.map((e, i) => validateEntry(opts.file, expandVariant(opts.file, e, i, raw), i, opts));
  const seenNames = new Map<string, number>();
  const seenSymbols = new Map<string, string>();
  entries.forEach((e, i) => {
    if (seenNames.has(e.name)) new Ctx(opts.file, e.name).fail('name', `duplicate entry name (also entries[${seenNames.get(e.name)}])`);
    seenNames.set(e.name, i);
    // a pipeline may reuse functions that other entries describe on their own
    if (e.stages.length > 1) return;
    const symbol = `${e.file}:${e.function}`;
    const other = seenSymbols.get(symbol);
    if (other !== undefined) new Ctx(opts.file, e.name).fail('function', `'${e.function}' in ${e.file} is already entry '${other}'`);
    seenSymbols.set(symbol, e.name);
  });
  const targets = top.targets === undefined ? undefined : validateTargets(ctx, top.targets);
  return targets === undefined ? { version: 1, dir: opts.dir, entries } : { version: 1, dir: opts.dir, entries, targets };
}

const TARGET = /^(sm_\d+a?|gfx[0-9a-f]+)$/;

/** Compile targets the directory is held to (sm_NN for nvcc, gfxNNN for hipcc). */
function validateTargets(ctx: Ctx, v: Json): readonly string[] {
  if (!Array.isArray(v) || v.length === 0) ctx.fail('targets', `expected a non-empty array of targets such as "sm_90" or "gfx90a", got ${describe(v)}`);
  return v.map((t, i) => {
    if (typeof t !== 'string' || !TARGET.test(t)) ctx.fail(`targets[${i}]`, `expected a target such as "sm_90" or "gfx90a", got ${describe(t)}`);
    return t;
  });
}
