/** Helpers of the manifest validator: every failure names the file, the entry and the field (ManifestError). */
import { ManifestError } from './manifest-error.ts';

export type Json = unknown;

export class Ctx {
  constructor(
    readonly file: string,
    readonly entry: string | null,
  ) {}
  fail(field: string, problem: string): never {
    throw new ManifestError(this.file, this.entry, field, problem);
  }
}

export function describe(v: Json): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}

export function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object with only `allowed` keys. */
export function record(ctx: Ctx, v: Json, field: string, allowed: readonly string[]): Record<string, Json> {
  if (!isRecord(v)) ctx.fail(field, `expected an object, got ${describe(v)}`);
  for (const key of Object.keys(v)) {
    if (!allowed.includes(key)) ctx.fail(field === '' ? key : `${field}.${key}`, `unknown field (allowed: ${allowed.join(', ')})`);
  }
  return v;
}

export function oneOf<T extends string>(ctx: Ctx, v: Json, field: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    ctx.fail(field, `expected one of ${allowed.join(', ')}, got ${describe(v)}`);
  }
  return v as T;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function identifier(ctx: Ctx, v: Json, field: string): string {
  if (typeof v !== 'string' || !IDENTIFIER.test(v)) ctx.fail(field, `expected a C identifier, got ${describe(v)}`);
  return v;
}

export function optionalBoolean(ctx: Ctx, v: Json, field: string): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') ctx.fail(field, `expected true, false or absent, got ${describe(v)}`);
  return v;
}
