/**
 * Element-type variants: an entry that is another entry (its base) with a different element type of its row input
 * (`f32*` / `f16*` / `bf16*`) or of its indices (`i32*` / `i64*`), and nothing else. In JSON it names only what
 * differs — `{ "name", "variantOf", "file", "function", "paramTypes": { "<param>": "<type>" } }` — and is expanded
 * here into the base's description with those types, then validated like any entry; the validated form keeps
 * `variantOf`. So a variant's launch rule, workspace, contract and ranges have one home (its base), and the suites
 * can give a variant the lighter battery its identical code warrants (suites/kit/variants.ts).
 */
import { Ctx, describe, identifier, isRecord, record, type Json } from './json-ctx.ts';
import { INDEX_TYPES, type PointerType } from './types.ts';

/** What a variant may say about itself. */
export const VARIANT_FIELDS = ['name', 'variantOf', 'file', 'function', 'paramTypes', 'review'] as const;
const REQUIRED_VARIANT_FIELDS = ['name', 'variantOf', 'file', 'function', 'paramTypes'] as const;
const ROW_ELEMENT_TYPES: readonly PointerType[] = ['f32*', 'f16*', 'bf16*'];
const ROW_SHAPES: readonly string[] = ['batch*vocab', 'inputBatch*vocab'];

/** The types a base parameter may take in a variant: its row input's element types, or the index types. */
function variantTypes(param: Record<string, Json>): readonly PointerType[] | null {
  if (param.role === 'in' && typeof param.shape === 'string' && ROW_SHAPES.includes(param.shape)) return ROW_ELEMENT_TYPES;
  if (param.role === 'indices') return INDEX_TYPES;
  return null;
}

function baseOf(ctx: Ctx, name: string, entries: readonly Json[]): Record<string, Json> {
  const base = entries.find((e) => isRecord(e) && e.name === name);
  if (!isRecord(base)) ctx.fail('variantOf', `no entry named '${name}' in this manifest`);
  if (base.variantOf !== undefined) ctx.fail('variantOf', `'${name}' is itself a variant (of ${describe(base.variantOf)}): name the entry it varies`);
  if (base.stages !== undefined) ctx.fail('variantOf', `'${name}' is a pipeline; a variant varies a single-kernel entry`);
  if (!Array.isArray(base.params)) ctx.fail('variantOf', `'${name}' has no params to vary`);
  return base;
}

/** The base's params with the variant's types; every named parameter exists, may vary, and at least one differs. */
function variedParams(ctx: Ctx, base: Record<string, Json>, paramTypes: Json): Json[] {
  const types = record(ctx, paramTypes, 'paramTypes', (base.params as Json[]).flatMap((p) => (isRecord(p) && typeof p.name === 'string' ? [p.name] : [])));
  if (Object.keys(types).length === 0) ctx.fail('paramTypes', 'expected at least one parameter whose type differs from the base');
  let differs = false;
  const params = (base.params as Json[]).map((p) => {
    if (!isRecord(p) || typeof p.name !== 'string' || !(p.name in types)) return p;
    const allowed = variantTypes(p);
    const type = types[p.name];
    if (allowed === null) ctx.fail(`paramTypes.${p.name}`, `only the row input's element type (f32*, f16*, bf16*) and the indices' type (i32*, i64*) may vary; '${p.name}' is ${describe(p.role)}`);
    if (typeof type !== 'string' || !(allowed as readonly string[]).includes(type)) ctx.fail(`paramTypes.${p.name}`, `expected one of ${allowed.join(', ')}, got ${describe(type)}`);
    differs ||= type !== p.type;
    return { ...p, type };
  });
  if (!differs) ctx.fail('paramTypes', `every type equals the base's: the variant would be a copy of '${String(base.name)}'`);
  return params;
}

/**
 * A raw entry as the validator reads it: a variant expanded into its base's description (name, file, function,
 * params' types and `variantOf` its own; the base's review notes are the base's), anything else unchanged.
 */
export function expandVariant(file: string, v: Json, index: number, entries: readonly Json[]): Json {
  if (!isRecord(v) || v.variantOf === undefined) return v;
  const ctx = new Ctx(file, typeof v.name === 'string' ? v.name : `#${index}`);
  const r = record(ctx, v, '', VARIANT_FIELDS);
  for (const key of REQUIRED_VARIANT_FIELDS) if (!(key in r)) ctx.fail(key, 'missing (a variant names itself, its base, its file, its function and the types that differ)');
  const base = baseOf(ctx, identifier(ctx, r.variantOf, 'variantOf'), entries);
  const described: Record<string, Json> = { ...base };
  delete described.review;
  return {
    ...described,
    name: r.name,
    file: r.file,
    function: r.function,
    params: variedParams(ctx, base, r.paramTypes),
    variantOf: r.variantOf,
    ...(r.review === undefined ? {} : { review: r.review }),
  };
}
