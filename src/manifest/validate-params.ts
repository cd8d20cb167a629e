/** Validation of an entry's parameter list: types against roles, shapes, ranges, fallbacks, reserved scalars. */
import { Ctx, describe, identifier, oneOf, record, type Json } from './json-ctx.ts';
import { reservedRoleOf } from './roles.ts';
import {
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
const SCALAR_ROLES: readonly ParamRole[] = ['scalar', 'batch', 'vocab', 'seed', 'offset'];

/** Pointer types each pointer role admits. */
const TYPES_OF_ROLE: Readonly<Partial<Record<ParamRole, readonly PointerType[]>>> = {
  in: ['f32*', 'f16*', 'bf16*', 'i32*', 'u32*'],
  out: ['f32*', 'i32*', 'u32*', 'i64*'],
  inout: ['f32*', 'i32*', 'u32*', 'i64*'],
  'per-row': ['f32*', 'i32*', 'u32*'],
  uniforms: ['f32*'],
  workspace: POINTER_TYPES,
};
/** Scalar types of the reserved roles when declared by role (a parameter named like the role keeps RESERVED_SCALARS). */
const TYPES_OF_RESERVED: Readonly<Record<string, readonly ParamType[]>> = { batch: ['i32', 'u32'], vocab: ['i32', 'u32'], seed: ['u64'], offset: ['u64'] };

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
  if (role === 'uniforms' && shape === 'batch*vocab') ctx.fail(`${field}.shape`, "the uniforms have shape 'batch' or 'batch*n' (n = rng.uniformsPerRow)");
  if (role !== 'uniforms' && shape === 'batch*n') ctx.fail(`${field}.shape`, "only the uniforms parameter has shape 'batch*n'");
  return shape;
}

function checkRange(ctx: Ctx, v: Json, field: string, role: ParamRole): readonly [number, number] {
  if (role !== 'scalar' && role !== 'per-row' && role !== 'batch' && role !== 'vocab') {
    ctx.fail(`${field}.range`, 'only scalars, per-row arrays and the batch/vocab scalars have a range');
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
    if (role !== 'per-row') ctx.fail(`${field}.nullable`, 'only per-row arrays may be null');
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
  for (const role of ['uniforms', 'workspace'] as const) {
    const holders = params.filter((p) => p.role === role);
    if (holders.length > 1) ctx.fail(`params[${params.indexOf(holders[1] as KernelParam)}].role`, `a second '${role}' parameter (also '${holders[0]?.name}')`);
  }
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
