/**
 * Validates parsed manifest JSON into a typed Manifest. Rejects unknown fields, missing or mistyped fields,
 * duplicate names, inconsistent parameter declarations and malformed launch rules; every error names the entry
 * and the field. File existence is checked by the caller-supplied `fileExists` (see load.ts).
 */
import type { FusedOrder, TiePolicy } from '../types.ts';
import { toExprNode } from './expr.ts';
import { ManifestError } from './manifest-error.ts';
import {
  KERNEL_FAMILIES,
  PARAM_ROLES,
  PARAM_SHAPES,
  PARAM_TYPES,
  POINTER_TYPES,
  REFERENCE_FILTERS,
  REFERENCE_OPS,
  RESERVED_SCALARS,
  type KernelParam,
  type LaunchExpr,
  type LaunchRule,
  type Manifest,
  type ManifestEntry,
  type ReferenceSpec,
  type RngUse,
  type TimeBudget,
} from './types.ts';

const TIE_POLICIES: readonly TiePolicy[] = ['ties-kept', 'exact'];
const FUSED_ORDERS: readonly FusedOrder[] = ['topk-first', 'joint'];
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
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
] as const;
/** Fields an entry may omit. */
const OPTIONAL_ENTRY_FIELDS: readonly string[] = ['budget'];
const PARAM_FIELDS = ['name', 'type', 'role', 'shape', 'nullable', 'range', 'fallback'] as const;
const OPS_WITH_FILTER = ['sample', 'renorm', 'mask-logits'];

export interface ValidateOptions {
  /** Label used in error messages (the manifest path). */
  readonly file: string;
  /** Absolute directory of the manifest. */
  readonly dir: string;
  /** Whether an entry's `file` (relative to dir) exists and is a regular file. */
  readonly fileExists: (relative: string) => boolean;
}

type Json = unknown;

class Ctx {
  constructor(
    readonly file: string,
    readonly entry: string | null,
  ) {}
  fail(field: string, problem: string): never {
    throw new ManifestError(this.file, this.entry, field, problem);
  }
}

function describe(v: Json): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function record(ctx: Ctx, v: Json, field: string, allowed: readonly string[]): Record<string, Json> {
  if (!isRecord(v)) ctx.fail(field, `expected an object, got ${describe(v)}`);
  for (const key of Object.keys(v)) {
    if (!allowed.includes(key)) ctx.fail(field === '' ? key : `${field}.${key}`, `unknown field (allowed: ${allowed.join(', ')})`);
  }
  return v;
}

function oneOf<T extends string>(ctx: Ctx, v: Json, field: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    ctx.fail(field, `expected one of ${allowed.join(', ')}, got ${describe(v)}`);
  }
  return v as T;
}

function identifier(ctx: Ctx, v: Json, field: string): string {
  if (typeof v !== 'string' || !IDENTIFIER.test(v)) ctx.fail(field, `expected a C identifier, got ${describe(v)}`);
  return v;
}

function launchExpr(ctx: Ctx, v: Json, field: string): LaunchExpr {
  if (typeof v !== 'number' && typeof v !== 'string') ctx.fail(field, `expected a number or an expression, got ${describe(v)}`);
  try {
    toExprNode(v);
  } catch (e) {
    ctx.fail(field, (e as Error).message);
  }
  return v;
}

function validateParam(ctx: Ctx, v: Json, field: string): KernelParam {
  const r = record(ctx, v, field, PARAM_FIELDS);
  const name = identifier(ctx, r.name, `${field}.name`);
  const type = oneOf(ctx, r.type, `${field}.type`, PARAM_TYPES);
  const role = oneOf(ctx, r.role, `${field}.role`, PARAM_ROLES);
  const pointer = POINTER_TYPES.includes(type);
  if (role === 'scalar' && pointer) ctx.fail(`${field}.type`, `a scalar parameter cannot have pointer type ${type}`);
  if (role !== 'scalar' && !pointer) ctx.fail(`${field}.type`, `a ${role} parameter needs a pointer type, got ${type}`);
  const param: { -readonly [K in keyof KernelParam]: KernelParam[K] } = { name, type, role };
  if (r.shape !== undefined) {
    if (!pointer) ctx.fail(`${field}.shape`, 'only pointer parameters have a shape');
    param.shape = oneOf(ctx, r.shape, `${field}.shape`, PARAM_SHAPES);
  } else if (pointer) {
    ctx.fail(`${field}.shape`, `missing (one of ${PARAM_SHAPES.join(', ')})`);
  }
  if (role === 'per-row' && param.shape !== 'batch') ctx.fail(`${field}.shape`, "a per-row array has shape 'batch'");
  if (r.nullable !== undefined) {
    if (r.nullable !== true) ctx.fail(`${field}.nullable`, `expected true or absent, got ${describe(r.nullable)}`);
    if (role !== 'per-row') ctx.fail(`${field}.nullable`, 'only per-row arrays may be null');
    param.nullable = true;
  }
  if (r.range !== undefined) {
    if (role !== 'scalar' && role !== 'per-row') ctx.fail(`${field}.range`, 'only scalars and per-row arrays have a range');
    const range = r.range;
    if (!Array.isArray(range) || range.length !== 2 || !range.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      ctx.fail(`${field}.range`, `expected [min, max] of finite numbers, got ${describe(range)}`);
    }
    const [min, max] = range as [number, number];
    if (min > max) ctx.fail(`${field}.range`, `min ${min} exceeds max ${max}`);
    param.range = [min, max];
  }
  if (r.fallback !== undefined) {
    if (role !== 'per-row') ctx.fail(`${field}.fallback`, 'only per-row arrays have a fallback scalar');
    param.fallback = identifier(ctx, r.fallback, `${field}.fallback`);
  }
  if (role === 'per-row' && (param.nullable !== true || param.fallback === undefined)) {
    ctx.fail(field, 'a per-row array must be nullable and name its fallback scalar');
  }
  return param;
}

const SCALAR_OF: Record<string, string> = { 'f32*': 'f32', 'i32*': 'i32', 'u32*': 'u32' };

function validateParams(ctx: Ctx, v: Json): KernelParam[] {
  if (!Array.isArray(v) || v.length === 0) ctx.fail('params', `expected a non-empty array, got ${describe(v)}`);
  const params = v.map((p, i) => validateParam(ctx, p, `params[${i}]`));
  const byName = new Map<string, KernelParam>();
  params.forEach((p, i) => {
    if (byName.has(p.name)) ctx.fail(`params[${i}].name`, `duplicate parameter name '${p.name}'`);
    byName.set(p.name, p);
  });
  for (const [name, type] of Object.entries(RESERVED_SCALARS)) {
    const p = byName.get(name);
    if (p !== undefined && (p.role !== 'scalar' || p.type !== type)) {
      ctx.fail(`params[${params.indexOf(p)}]`, `'${name}' is reserved for the ${type} scalar the runner supplies`);
    }
  }
  for (const required of ['batch', 'vocab']) {
    if (!byName.has(required)) ctx.fail('params', `missing the '${required}' scalar`);
  }
  params.forEach((p, i) => {
    if (p.fallback === undefined) return;
    const s = byName.get(p.fallback);
    if (s === undefined || s.role !== 'scalar') ctx.fail(`params[${i}].fallback`, `'${p.fallback}' is not a scalar parameter`);
    if (SCALAR_OF[p.type] !== s.type) ctx.fail(`params[${i}].fallback`, `'${p.fallback}' has type ${s.type}, expected ${SCALAR_OF[p.type]}`);
  });
  return params;
}

function validateLaunch(ctx: Ctx, v: Json): LaunchRule {
  const r = record(ctx, v, 'launch', ['grid', 'block', 'sharedBytes']);
  const block = r.block;
  if (typeof block !== 'number' || !Number.isInteger(block) || block < 1 || block > 1024) {
    ctx.fail('launch.block', `expected an integer in [1, 1024], got ${describe(block)}`);
  }
  return { grid: launchExpr(ctx, r.grid, 'launch.grid'), block, sharedBytes: launchExpr(ctx, r.sharedBytes, 'launch.sharedBytes') };
}

function validateReference(ctx: Ctx, v: Json): ReferenceSpec {
  const r = record(ctx, v, 'reference', ['op', 'filter', 'order']);
  const op = oneOf(ctx, r.op, 'reference.op', REFERENCE_OPS);
  const spec: { -readonly [K in keyof ReferenceSpec]: ReferenceSpec[K] } = { op };
  if (r.filter !== undefined) spec.filter = oneOf(ctx, r.filter, 'reference.filter', REFERENCE_FILTERS);
  if (OPS_WITH_FILTER.includes(op) && spec.filter === undefined) ctx.fail('reference.filter', `required for op '${op}'`);
  if (!OPS_WITH_FILTER.includes(op) && spec.filter !== undefined) ctx.fail('reference.filter', `op '${op}' takes no filter`);
  if (r.order !== undefined) spec.order = oneOf(ctx, r.order, 'reference.order', FUSED_ORDERS);
  if ((spec.filter === 'top-k-top-p') !== (spec.order !== undefined)) {
    ctx.fail('reference.order', 'required exactly when filter is top-k-top-p');
  }
  return spec;
}

function validateRng(ctx: Ctx, v: Json, params: readonly KernelParam[]): RngUse | null {
  if (v === null) return null;
  const r = record(ctx, v, 'rng', ['uniformsPerRow', 'subsequence']);
  if (r.uniformsPerRow !== 1) ctx.fail('rng.uniformsPerRow', `must be 1 (docs/design.md), got ${describe(r.uniformsPerRow)}`);
  if (r.subsequence !== 'row') ctx.fail('rng.subsequence', `must be 'row', got ${describe(r.subsequence)}`);
  for (const name of ['seed', 'offset']) {
    if (!params.some((p) => p.name === name)) ctx.fail('rng', `a kernel that draws uniforms needs the '${name}' u64 scalar`);
  }
  return { uniformsPerRow: 1, subsequence: 'row' };
}

/** Budgets above the harness watchdog's maximum (600 000 ms) could never be reached. */
const MAX_BUDGET_MS = 600_000;

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

function validateOutputs(ctx: Ctx, v: Json, params: readonly KernelParam[]): Record<string, string> {
  const written = params.filter((p) => p.role === 'out' || p.role === 'inout').map((p) => p.name);
  if (written.length === 0) ctx.fail('params', 'declares no out or inout parameter');
  const r = record(ctx, v, 'outputs', written);
  for (const name of written) {
    const d = r[name];
    if (typeof d !== 'string' || d.trim() === '') ctx.fail(`outputs.${name}`, 'missing description of this output');
  }
  return r as Record<string, string>;
}

function validateEntry(file: string, v: Json, index: number, opts: ValidateOptions): ManifestEntry {
  const label = isRecord(v) && typeof v.name === 'string' ? v.name : `#${index}`;
  const ctx: Ctx = new Ctx(file, label);
  const r = record(ctx, v, '', ENTRY_FIELDS);
  for (const key of ENTRY_FIELDS) if (!(key in r) && !OPTIONAL_ENTRY_FIELDS.includes(key)) ctx.fail(key, 'missing');
  const name = identifier(ctx, r.name, 'name');
  const src = r.file;
  if (typeof src !== 'string' || src === '' || src.startsWith('/') || src.split(/[\\/]/).includes('..')) {
    ctx.fail('file', `expected a path inside the manifest directory, got ${describe(src)}`);
  }
  if (!opts.fileExists(src)) ctx.fail('file', `'${src}' does not exist in ${opts.dir}`);
  const fn = identifier(ctx, r.function, 'function');
  const family = oneOf(ctx, r.family, 'family', KERNEL_FAMILIES);
  const params = validateParams(ctx, r.params);
  const launch = validateLaunch(ctx, r.launch);
  const reference = validateReference(ctx, r.reference);
  const tiePolicy = r.tiePolicy === null ? null : oneOf(ctx, r.tiePolicy, 'tiePolicy', TIE_POLICIES);
  const rng = validateRng(ctx, r.rng, params);
  if ((reference.op === 'sample' || reference.op === 'sample-logits') && rng === null) {
    ctx.fail('rng', 'a sampling kernel must declare its randomness');
  }
  const workspaceBytes = launchExpr(ctx, r.workspaceBytes, 'workspaceBytes');
  const outputs = validateOutputs(ctx, r.outputs, params);
  const entry = { name, file: src, function: fn, family, params, launch, reference, tiePolicy, rng, workspaceBytes, outputs };
  return r.budget === undefined ? entry : { ...entry, budget: validateBudget(ctx, r.budget) };
}

/** Validates parsed JSON. `file` labels errors; entries' files are checked with `opts.fileExists`. */
export function validateManifest(json: Json, opts: ValidateOptions): Manifest {
  const ctx: Ctx = new Ctx(opts.file, null);
  const top = record(ctx, json, '', ['version', 'entries', 'targets']);
  if (top.version !== 1) ctx.fail('version', `expected 1, got ${describe(top.version)}`);
  if (!Array.isArray(top.entries) || top.entries.length === 0) {
    ctx.fail('entries', `expected a non-empty array, got ${describe(top.entries)}`);
  }
  const entries = top.entries.map((e, i) => validateEntry(opts.file, e, i, opts));
  const seenNames = new Map<string, number>();
  const seenSymbols = new Map<string, string>();
  entries.forEach((e, i) => {
    if (seenNames.has(e.name)) new Ctx(opts.file, e.name).fail('name', `duplicate entry name (also entries[${seenNames.get(e.name)}])`);
    seenNames.set(e.name, i);
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
