/**
 * Validation of what an entry promises: its reference op, randomness, tie policy, which outputs hold the token and
 * the valid flag, what it does with invalid rows and what it assumes of its input.
 */
import type { FusedOrder } from '../types.ts';
import { Ctx, describe, identifier, oneOf, optionalBoolean, record, type Json } from './json-ctx.ts';
import { paramOfRole } from './roles.ts';
import { launchExpr } from './validate-launch.ts';
import {
  DECLARED_TIE_POLICIES,
  DEFAULT_UNIFORMS_TOLERANCE,
  INVALID_ROWS,
  LOGIT_INPUT_OPS,
  REFERENCE_FILTERS,
  REFERENCE_OPS,
  RNG_MODES,
  SCAN_KINDS,
  TOKEN_OPS,
  TOKEN_TYPES,
  VALID_TYPES,
  type DeclaredTiePolicy,
  type InputAssumptions,
  type InvalidRows,
  type KernelParam,
  type LaunchExpr,
  type ParamShape,
  type ParamType,
  type SpeculativeBuffers,
  type PointerType,
  type ReferenceOp,
  type ReferenceSpec,
  type RngUse,
} from './types.ts';

const FUSED_ORDERS: readonly FusedOrder[] = ['topk-first', 'joint'];

/** What each buffer of a speculative entry must be; `required`: never inferred from its shape. */
const SPECULATIVE_BUFFERS: Readonly<
  Record<keyof SpeculativeBuffers, { role: 'in' | 'out'; shape: ParamShape; types: readonly ParamType[]; required: boolean; what: string }>
> = {
  draftProbs: { role: 'in', shape: 'batch*draft*vocab', types: ['f32*', 'f16*', 'bf16*'], required: false, what: "the draft model's probability rows" },
  draftTokens: { role: 'in', shape: 'batch*draft', types: ['i32*'], required: false, what: 'the draft tokens' },
  targetProbs: { role: 'in', shape: 'batch*(draft+1)*vocab', types: ['f32*', 'f16*', 'bf16*'], required: false, what: "the target model's probability rows" },
  tokens: { role: 'out', shape: 'batch*(draft+1)', types: ['i32*'], required: false, what: 'the emitted tokens' },
  accepted: { role: 'out', shape: 'batch', types: ['i32*', 'u32*'], required: true, what: 'accepted draft tokens per row' },
  emitted: { role: 'out', shape: 'batch', types: ['i32*', 'u32*'], required: true, what: 'emitted draft tokens per row' },
};
const OPS_WITH_FILTER = ['sample', 'renorm', 'mask-logits'];
/** n of a `batch*n` uniforms buffer: at most this many per row (a rejection sampler's rounds, not a row's worth). */
const MAX_UNIFORMS_PER_ROW = 4096;

export function validateReference(ctx: Ctx, v: Json): ReferenceSpec {
  const r = record(ctx, v, 'reference', ['op', 'filter', 'order', 'scan']);
  const op = oneOf(ctx, r.op, 'reference.op', REFERENCE_OPS);
  const spec: { -readonly [K in keyof ReferenceSpec]: ReferenceSpec[K] } = { op };
  if (r.filter !== undefined) spec.filter = oneOf(ctx, r.filter, 'reference.filter', REFERENCE_FILTERS);
  if (OPS_WITH_FILTER.includes(op) && spec.filter === undefined) ctx.fail('reference.filter', `required for op '${op}'`);
  if (!OPS_WITH_FILTER.includes(op) && spec.filter !== undefined) ctx.fail('reference.filter', `op '${op}' takes no filter`);
  if (r.order !== undefined) spec.order = oneOf(ctx, r.order, 'reference.order', FUSED_ORDERS);
  if ((spec.filter === 'top-k-top-p') !== (spec.order !== undefined)) {
    ctx.fail('reference.order', 'required exactly when filter is top-k-top-p');
  }
  if (r.scan !== undefined && op !== 'prefix-sum') ctx.fail('reference.scan', `only op 'prefix-sum' has a scan kind, not '${op}'`);
  if (op === 'prefix-sum') spec.scan = r.scan === undefined ? 'inclusive' : oneOf(ctx, r.scan, 'reference.scan', SCAN_KINDS);
  return spec;
}

export function validateTiePolicy(ctx: Ctx, v: Json): DeclaredTiePolicy | null {
  return v === null ? null : oneOf(ctx, v, 'tiePolicy', DECLARED_TIE_POLICIES);
}

function needSeedAndOffset(ctx: Ctx, params: readonly KernelParam[], mode: string): void {
  for (const role of ['seed', 'offset'] as const) {
    if (paramOfRole({ params }, role) === undefined) {
      ctx.fail('rng', `a '${mode}' kernel needs the '${role}' u64 scalar (a parameter named '${role}' or with role '${role}')`);
    }
  }
}

function uniformsIn(ctx: Ctx, r: Record<string, Json>, params: readonly KernelParam[]): RngUse {
  const u = paramOfRole({ params }, 'uniforms');
  if (u === undefined) ctx.fail('rng.mode', "'uniforms-in' needs a parameter with role 'uniforms' (f32*, shape batch or batch*n)");
  for (const role of ['seed', 'offset'] as const) {
    const p = paramOfRole({ params }, role);
    if (p !== undefined) ctx.fail(`params[${params.indexOf(p)}]`, `a 'uniforms-in' kernel takes no ${role} ('${p.name}'): the harness draws its uniforms`);
  }
  const n = r.uniformsPerRow;
  if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_UNIFORMS_PER_ROW)) {
    ctx.fail('rng.uniformsPerRow', `expected an integer in [1, ${MAX_UNIFORMS_PER_ROW}], got ${describe(n)}`);
  }
  if (u.shape === 'batch' && n !== undefined && n !== 1) {
    ctx.fail('rng.uniformsPerRow', `the uniforms parameter '${u.name}' has shape 'batch' (one per row); give it shape 'batch*n' for ${n} per row`);
  }
  if (u.shape === 'batch*n' && n === undefined) ctx.fail('rng.uniformsPerRow', `missing: n of the uniforms parameter '${u.name}' (shape batch*n)`);
  const t = r.tolerance ?? DEFAULT_UNIFORMS_TOLERANCE;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t >= 1) ctx.fail('rng.tolerance', `expected a number in [0, 1), got ${describe(t)}`);
  return { mode: 'uniforms-in', param: u.name, uniformsPerRow: (n as number | undefined) ?? 1, tolerance: t };
}

export function validateRng(ctx: Ctx, v: Json, params: readonly KernelParam[]): RngUse | null {
  const uniforms = paramOfRole({ params }, 'uniforms');
  if (v === null) {
    if (uniforms) ctx.fail(`params[${params.indexOf(uniforms)}].role`, "role 'uniforms' needs rng.mode 'uniforms-in'");
    return null;
  }
  const r = record(ctx, v, 'rng', ['mode', 'uniformsPerRow', 'subsequence', 'tolerance']);
  const mode = r.mode === undefined ? 'philox-replay' : oneOf(ctx, r.mode, 'rng.mode', RNG_MODES);
  const allowed = mode === 'philox-replay' ? ['mode', 'uniformsPerRow', 'subsequence'] : mode === 'uniforms-in' ? ['mode', 'uniformsPerRow', 'tolerance'] : ['mode'];
  for (const key of Object.keys(r)) if (!allowed.includes(key)) ctx.fail(`rng.${key}`, `not a field of rng mode '${mode}' (allowed: ${allowed.join(', ')})`);
  if (uniforms && mode !== 'uniforms-in') ctx.fail(`params[${params.indexOf(uniforms)}].role`, "role 'uniforms' needs rng.mode 'uniforms-in'");
  if (mode === 'uniforms-in') return uniformsIn(ctx, r, params);
  let perRow: LaunchExpr = 1;
  if (mode === 'philox-replay') {
    // the older form spells both fields and means one per row; with a mode, uniformsPerRow may be any count
    if (r.mode === undefined && r.uniformsPerRow !== 1) ctx.fail('rng.uniformsPerRow', `must be 1 (docs/design.md), got ${describe(r.uniformsPerRow)}`);
    if (r.uniformsPerRow !== undefined) perRow = launchExpr(ctx, r.uniformsPerRow, 'rng.uniformsPerRow');
    if (r.mode === undefined || r.subsequence !== undefined) {
      if (r.subsequence !== 'row') ctx.fail('rng.subsequence', `must be 'row', got ${describe(r.subsequence)}`);
    }
  }
  needSeedAndOffset(ctx, params, mode);
  return mode === 'philox-replay' ? { mode, uniformsPerRow: perRow, subsequence: 'row' } : { mode: 'seeded' };
}

/** The required buffer of a speculative entry: named in `speculative.<key>`, or the only parameter of its shape. */
function speculativeBuffer(ctx: Ctx, r: Record<string, Json>, params: readonly KernelParam[], key: keyof SpeculativeBuffers): string {
  const want = SPECULATIVE_BUFFERS[key];
  const field = `speculative.${key}`;
  let name: string;
  if (r[key] !== undefined) name = identifier(ctx, r[key], field);
  else {
    const byShape = params.filter((p) => p.role === want.role && p.shape === want.shape);
    if (want.required || byShape.length !== 1) {
      ctx.fail(field, `missing: name the ${want.role} parameter (${want.what})${byShape.length > 1 ? `; candidates: ${byShape.map((p) => p.name).join(', ')}` : ''}`);
    }
    name = (byShape[0] as KernelParam).name;
  }
  const p = params.find((q) => q.name === name);
  if (p === undefined || p.role !== want.role) ctx.fail(field, `'${name}' is not an ${want.role} parameter`);
  if (p.shape !== want.shape) ctx.fail(field, `'${name}' must have shape '${want.shape}', has '${String(p.shape)}'`);
  if (!want.types.includes(p.type)) ctx.fail(field, `'${name}' must have type ${want.types.join(' or ')}, has ${p.type}`);
  return name;
}

/** A `chain-speculative` entry's buffers (SpeculativeBuffers); no `speculative` field for any other op. */
export function validateSpeculative(ctx: Ctx, v: Json, params: readonly KernelParam[], op: ReferenceOp): SpeculativeBuffers | undefined {
  if (op !== 'chain-speculative') {
    if (v !== undefined) ctx.fail('speculative', `only op 'chain-speculative' names speculative buffers, not '${op}'`);
    return undefined;
  }
  const keys = Object.keys(SPECULATIVE_BUFFERS) as (keyof SpeculativeBuffers)[];
  const r = record(ctx, v ?? {}, 'speculative', keys);
  const out = {} as Record<keyof SpeculativeBuffers, string>;
  for (const key of keys) out[key] = speculativeBuffer(ctx, r, params, key);
  if (out.accepted === out.emitted) ctx.fail('speculative.emitted', `'${out.emitted}' is already the accepted count`);
  return out;
}

/** An out parameter of shape batch and one of `types`, named at `field`. */
function batchOutput(ctx: Ctx, name: string, params: readonly KernelParam[], field: string, types: readonly PointerType[]): string {
  const p = params.find((q) => q.name === name);
  if (p === undefined || p.role !== 'out') ctx.fail(field, `'${name}' is not an out parameter`);
  if (p.shape !== 'batch') ctx.fail(field, `'${name}' must have shape 'batch', has '${p.shape}'`);
  if (!(types as readonly string[]).includes(p.type)) ctx.fail(field, `'${name}' must have type ${types.join(', ')}, has ${p.type}`);
  return name;
}

export function resolveValidOutput(ctx: Ctx, v: Json, params: readonly KernelParam[]): string | null {
  if (v === null) return null;
  if (v !== undefined) return batchOutput(ctx, identifier(ctx, v, 'validOutput'), params, 'validOutput', VALID_TYPES);
  const named = params.find((p) => p.name === 'valid' && p.role === 'out');
  return named ? batchOutput(ctx, 'valid', params, `params[${params.indexOf(named)}]`, VALID_TYPES) : null;
}

export function resolveTokenOutput(ctx: Ctx, v: Json, params: readonly KernelParam[], op: ReferenceOp, valid: string | null): string | null {
  if (!TOKEN_OPS.includes(op)) {
    if (v !== undefined && v !== null) ctx.fail('tokenOutput', `op '${op}' has no token output`);
    return null;
  }
  if (v !== undefined) return batchOutput(ctx, identifier(ctx, v, 'tokenOutput'), params, 'tokenOutput', TOKEN_TYPES);
  const named = params.find((p) => p.name === 'token' && p.role === 'out');
  const candidates = named ? [named] : params.filter((p) => p.role === 'out' && p.shape === 'batch' && p.name !== valid);
  if (candidates.length !== 1) {
    const names = candidates.map((p) => p.name).join(', ') || 'none';
    ctx.fail('tokenOutput', `cannot tell which out parameter of shape 'batch' holds the token (candidates: ${names}); declare tokenOutput`);
  }
  const token = candidates[0] as KernelParam;
  return batchOutput(ctx, token.name, params, `params[${params.indexOf(token)}]`, TOKEN_TYPES);
}

export function validateInvalidRows(ctx: Ctx, v: Json, op: ReferenceOp, valid: string | null): InvalidRows {
  if (v === undefined) {
    if (valid !== null) return 'flag';
    const choices = TOKEN_OPS.includes(op) ? "'in-range' or 'unspecified'" : "'unspecified'";
    ctx.fail('invalidRows', `missing: the entry has no valid output, so declare what it does with invalid rows (${choices})`);
  }
  const policy = oneOf(ctx, v, 'invalidRows', INVALID_ROWS);
  if (policy === 'flag' && valid === null) ctx.fail('invalidRows', "'flag' needs a valid output (an out parameter named 'valid', or validOutput)");
  if (policy === 'in-range' && !TOKEN_OPS.includes(op)) ctx.fail('invalidRows', `'in-range' is about token outputs; op '${op}' has none (use 'flag' or 'unspecified')`);
  return policy;
}

export function validateAssumes(ctx: Ctx, v: Json, op: ReferenceOp): InputAssumptions {
  if (v === undefined) return { normalized: false };
  const r = record(ctx, v, 'assumes', ['normalized']);
  const normalized = optionalBoolean(ctx, r.normalized, 'assumes.normalized');
  if (normalized && LOGIT_INPUT_OPS.includes(op)) ctx.fail('assumes.normalized', `op '${op}' reads logit rows, which are never normalized`);
  return { normalized };
}

export function validateOutputs(ctx: Ctx, v: Json, params: readonly KernelParam[]): Record<string, string> {
  const written = params.filter((p) => p.role === 'out' || p.role === 'inout').map((p) => p.name);
  if (written.length === 0) ctx.fail('params', 'declares no out or inout parameter');
  const r = record(ctx, v, 'outputs', written);
  for (const name of written) {
    const d = r[name];
    if (typeof d !== 'string' || d.trim() === '') ctx.fail(`outputs.${name}`, 'missing description of this output');
  }
  return r as Record<string, string>;
}
