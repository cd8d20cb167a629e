/** Validation of an entry's parameter list: types against roles, shapes, ranges, fallbacks, reserved scalars. */
import { Ctx, describe, identifier, oneOf, record, type Json } from './json-ctx.ts';
import { reservedRoleOf } from './roles.ts';
import {
  DRAFT_SHAPES,
  INDEX_TYPES,
  PARAM_ROLES,
  PARAM_SHAPES,
  PARAM_TYPES,
  POINTER_TYPES,
  RESERVED_ROLES,
  RESERVED_SCALARS,
  type KernelParam,
  type ParamRole,
  type ParamType,
  type PointerType,
} from './types.ts';

const PARAM_FIELDS = ['name', 'type', 'role', 'shape', 'nullable', 'range', 'fallback'] as const;
const SCALAR_ROLES: readonly ParamRole[] = ['scalar', 'batch', 'vocab', 'seed', 'offset', 'input-batch', 'draft'];
/** Roles that may carry a `range`. */
const RANGED_ROLES: readonly ParamRole[] = ['scalar', 'per-row', 'batch', 'vocab', 'input-batch', 'draft'];

/** Pointer types each pointer role admits. */
const TYPES_OF_ROLE: Readonly<Partial<Record<ParamRole, readonly PointerType[]>>> = {
  in: ['f32*', 'f16*', 'bf16*', 'i32*', 'u32*'],
  out: ['f32*', 'i32*', 'u32*', 'i64*'],
  inout: ['f32*', 'i32*', 'u32*', 'i64*'],
  'per-row': ['f32*', 'i32*', 'u32*'],
  uniforms: ['f32*'],
  workspace: POINTER_TYPES,
  indices: INDEX_TYPES,
};
/** Scalar types of the reserved roles when declared by role (a parameter named like the role keeps RESERVED_SCALARS). */
const TYPES_OF_RESERVED: Readonly<Record<string, readonly ParamType[]>> = {
  batch: ['i32', 'u32'],
  vocab: ['i32', 'u32'],
  seed: ['u64'],
  offset: ['u64'],
  'input-batch': ['i32', 'u32'],
  draft: ['i32', 'u32'],
};

export const SCALAR_OF_ARRAY: Readonly<Record<string, string>> = { 'f32*': 'f32', 'i32*': 'i32', 'u32*': 'u32' };

function checkTypeForRole(ctx: Ctx, field: string, name: string, type: ParamType, role: ParamRole): void {
  const pointer = (POINTER_TYPES as readonly string[]).includes(type);
  const scalarRole = SCALAR_ROLES.includes(role);
  if (scalarRole && pointer) ctx.fail(`${field}.type`, `a ${role === 'scalar' ? 'scalar' : role} parameter cannot have pointer type ${type}`);
  if (!scalarRole && !pointer) ctx.fail(`${field}.type`, `a ${role} parameter needs a pointer type, got ${type}`);
  const allowed = pointer ? TYPES_OF_ROLE[role] : role === 'scalar' ? undefined : TYPES_OF_RESERVED[role];
  if (allowed && !allowed.includes(type)) ctx.fail(`${field}.type`, `a parameter with role '${role}' has type ${allowed.join(' or ')}, got ${type}`);
  if (Object.hasOwn(RESERVED_SCALARS, name)) {
    const want = RESERVED_SCALARS[name as keyof typeof RESERVED_SCALARS];
    if ((role !== 'scalar' && role !== name) || type !== want) {
      ctx.fail(field, `'${name}' is reserved for the ${want} scalar the runner supplies`);
    }
  }
}

function checkShape(ctx: Ctx, r: Record<string, Json>, field: string, type: ParamType, role: ParamRole): KernelParam['shape'] {
  const pointer = (POINTER_TYPES as readonly string[]).includes(type);
  if (r.shape === undefined) {
    if (pointer && role !== 'workspace') ctx.fail(`${field}.shape`, `missing (one of ${PARAM_SHAPES.join(', ')})`);
    return undefined;
  }
  if (!pointer) ctx.fail(`${field}.shape`, 'only pointer parameters have a shape');
  if (role === 'workspace') ctx.fail(`${field}.shape`, 'the workspace has no shape: its size is the entry\'s workspaceBytes');
  const shape = oneOf(ctx, r.shape, `${field}.shape`, PARAM_SHAPES);
  if (role === 'per-row' && shape !== 'batch') ctx.fail(`${field}.shape`, "a per-row array has shape 'batch'");
  if (role === 'indices' && shape !== 'batch') ctx.fail(`${field}.shape`, "the indices have shape 'batch' (one input row per output row)");
  if (role === 'uniforms' && shape !== 'batch' && shape !== 'batch*n') ctx.fail(`${field}.shape`, "the uniforms have shape 'batch' or 'batch*n' (n = rng.uniformsPerRow)");
  if (role !== 'uniforms' && shape === 'batch*n') ctx.fail(`${field}.shape`, "only the uniforms parameter has shape 'batch*n'");
  if (role !== 'in' && shape === 'inputBatch*vocab') ctx.fail(`${field}.shape`, "only an 'in' row buffer has shape 'inputBatch*vocab' (the rows indices point into)");
  return shape;
}

function checkRange(ctx: Ctx, v: Json, field: string, role: ParamRole): readonly [number, number] {
  if (!RANGED_ROLES.includes(role)) {
    ctx.fail(`${field}.range`, 'only scalars, per-row arrays and the batch/vocab/input-batch/draft scalars have a range');
  }
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    ctx.fail(`${field}.range`, `expected [min, max] of finite numbers, got ${describe(v)}`);
  }
  const [min, max] = v as [number, number];
  if (min > max) ctx.fail(`${field}.range`, `min ${min} exceeds max ${max}`);
  return [min, max];
}

function validateParam(ctx: Ctx, v: Json, field: string): KernelParam {
  const r = record(ctx, v, field, PARAM_FIELDS);
  const name = identifier(ctx, r.name, `${field}.name`);
  const type = oneOf(ctx, r.type, `${field}.type`, PARAM_TYPES);
  const role = oneOf(ctx, r.role, `${field}.role`, PARAM_ROLES);
  checkTypeForRole(ctx, field, name, type, role);
  const param: { -readonly [K in keyof KernelParam]: KernelParam[K] } = { name, type, role };
  const shape = checkShape(ctx, r, field, type, role);
  if (shape !== undefined) param.shape = shape;
  if (r.nullable !== undefined) {
    if (r.nullable !== true) ctx.fail(`${field}.nullable`, `expected true or absent, got ${describe(r.nullable)}`);
    if (role !== 'per-row' && role !== 'indices') ctx.fail(`${field}.nullable`, 'only per-row arrays and indices may be null');
    param.nullable = true;
  }
  if (r.range !== undefined) param.range = checkRange(ctx, r.range, field, role);
  if (r.fallback !== undefined) {
    if (role !== 'per-row') ctx.fail(`${field}.fallback`, 'only per-row arrays have a fallback scalar');
    param.fallback = identifier(ctx, r.fallback, `${field}.fallback`);
  }
  if (role === 'per-row' && (param.nullable !== true || param.fallback === undefined)) {
    ctx.fail(field, 'a per-row array must be nullable and name its fallback scalar');
  }
  return param;
}

function checkReservedRoles(ctx: Ctx, params: readonly KernelParam[]): void {
  for (const role of RESERVED_ROLES) {
    const holders = params.filter((p) => reservedRoleOf(p) === role);
    if (holders.length > 1) ctx.fail(`params[${params.indexOf(holders[1] as KernelParam)}]`, `a second '${role}' scalar (also '${holders[0]?.name}')`);
    if ((role === 'batch' || role === 'vocab') && holders.length === 0) {
      ctx.fail('params', `missing the '${role}' scalar (a parameter named '${role}' or with role '${role}')`);
    }
  }
  for (const role of ['uniforms', 'workspace', 'indices'] as const) {
    const holders = params.filter((p) => p.role === role);
    if (holders.length > 1) ctx.fail(`params[${params.indexOf(holders[1] as KernelParam)}].role`, `a second '${role}' parameter (also '${holders[0]?.name}')`);
  }
}

/**
 * An entry with `indices` reads its rows from an input of `inputBatch` rows: every `in` row buffer has shape
 * `inputBatch*vocab`, none `batch*vocab`; `inputBatch*vocab` and the input-batch scalar exist only with indices.
 */
function checkIndexedRows(ctx: Ctx, params: readonly KernelParam[]): void {
  const indexed = params.some((p) => p.role === 'indices');
  params.forEach((p, i) => {
    if (!indexed && p.shape === 'inputBatch*vocab') ctx.fail(`params[${i}].shape`, "'inputBatch*vocab' needs a parameter with role 'indices' (which input row each output row reads)");
    if (!indexed && p.role === 'input-batch') ctx.fail(`params[${i}].role`, "'input-batch' needs a parameter with role 'indices'");
    if (indexed && p.role === 'in' && p.shape === 'batch*vocab') {
      ctx.fail(`params[${i}].shape`, "with 'indices', an input row buffer has shape 'inputBatch*vocab' (output row i reads input row indices[i])");
    }
  });
  if (indexed && !params.some((p) => p.shape === 'inputBatch*vocab')) ctx.fail('params', "an entry with 'indices' needs an 'in' row buffer of shape 'inputBatch*vocab'");
}

/** Draft-shaped buffers need the draft scalar that sizes them. */
function checkDraftShapes(ctx: Ctx, params: readonly KernelParam[]): void {
  if (params.some((p) => p.role === 'draft')) return;
  const i = params.findIndex((p) => p.shape !== undefined && DRAFT_SHAPES.includes(p.shape));
  if (i >= 0) ctx.fail(`params[${i}].shape`, `'${params[i]?.shape}' needs the scalar with role 'draft' (draft tokens per row)`);
}

export function validateParams(ctx: Ctx, v: Json): KernelParam[] {
  if (!Array.isArray(v) || v.length === 0) ctx.fail('params', `expected a non-empty array, got ${describe(v)}`);
  const params = v.map((p, i) => validateParam(ctx, p, `params[${i}]`));
  const byName = new Map<string, KernelParam>();
  params.forEach((p, i) => {
    if (byName.has(p.name)) ctx.fail(`params[${i}].name`, `duplicate parameter name '${p.name}'`);
    byName.set(p.name, p);
  });
  checkReservedRoles(ctx, params);
  checkIndexedRows(ctx, params);
  checkDraftShapes(ctx, params);
  params.forEach((p, i) => {
    if (p.fallback === undefined) return;
    const s = byName.get(p.fallback);
    if (s === undefined || s.role !== 'scalar') ctx.fail(`params[${i}].fallback`, `'${p.fallback}' is not a scalar parameter`);
    const reserved = reservedRoleOf(s);
    if (reserved !== null) ctx.fail(`params[${i}].fallback`, `'${p.fallback}' is the reserved ${reserved} scalar, not a filter parameter`);
    if (SCALAR_OF_ARRAY[p.type] !== s.type) ctx.fail(`params[${i}].fallback`, `'${p.fallback}' has type ${s.type}, expected ${SCALAR_OF_ARRAY[p.type]}`);
  });
  return params;
}
