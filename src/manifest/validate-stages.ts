/**
 * A single-kernel entry (`function` + `launch`) or a pipeline (`stages` + `intermediates`): a sequence of launches
 * of functions from the entry's file, sharing the call's parameters and intermediate buffers.
 */
import { Ctx, describe, identifier, oneOf, record, type Json } from './json-ctx.ts';
import { validateLaunchRule } from './validate-launch.ts';
import { POINTER_TYPES, type IntermediateBuffer, type KernelParam, type LaunchRule, type PipelineStage } from './types.ts';

const INTERMEDIATE_TYPES = POINTER_TYPES.filter((t): t is IntermediateBuffer['type'] => t !== 'void*');
const INTERMEDIATE_SHAPES: readonly IntermediateBuffer['shape'][] = ['batch*vocab', 'batch'];

export interface Launches {
  readonly function: string;
  readonly launch: LaunchRule;
  readonly stages: readonly PipelineStage[];
  readonly intermediates: readonly IntermediateBuffer[];
}

function validateIntermediates(ctx: Ctx, v: Json, params: readonly KernelParam[]): IntermediateBuffer[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) ctx.fail('intermediates', `expected an array, got ${describe(v)}`);
  const seen = new Set(params.map((p) => p.name));
  return v.map((x, i) => {
    const field = `intermediates[${i}]`;
    const r = record(ctx, x, field, ['name', 'type', 'shape']);
    const name = identifier(ctx, r.name, `${field}.name`);
    if (seen.has(name)) ctx.fail(`${field}.name`, `'${name}' is already a parameter or intermediate`);
    seen.add(name);
    return { name, type: oneOf(ctx, r.type, `${field}.type`, INTERMEDIATE_TYPES), shape: oneOf(ctx, r.shape, `${field}.shape`, INTERMEDIATE_SHAPES) };
  });
}

function validateStage(ctx: Ctx, v: Json, i: number, names: ReadonlySet<string>): PipelineStage {
  const field = `stages[${i}]`;
  const r = record(ctx, v, field, ['function', 'launch', 'args']);
  const fn = identifier(ctx, r.function, `${field}.function`);
  const launch = validateLaunchRule(ctx, r.launch, `${field}.launch`);
  if (!Array.isArray(r.args) || r.args.length === 0) ctx.fail(`${field}.args`, `expected a non-empty array of parameter names, got ${describe(r.args)}`);
  const args = r.args.map((a, j) => {
    const name = identifier(ctx, a, `${field}.args[${j}]`);
    if (!names.has(name)) ctx.fail(`${field}.args[${j}]`, `'${name}' is neither a parameter nor an intermediate`);
    return name;
  });
  return { function: fn, launch, args };
}

function validatePipeline(ctx: Ctx, r: Record<string, Json>, params: readonly KernelParam[]): Launches {
  for (const key of ['function', 'launch'] as const) {
    if (r[key] !== undefined) ctx.fail(key, 'a pipeline (stages) names its functions and launch rules per stage');
  }
  if (!Array.isArray(r.stages) || r.stages.length < 2) {
    ctx.fail('stages', `expected an array of at least 2 stages (one launch is a plain entry with function and launch), got ${describe(r.stages)}`);
  }
  const intermediates = validateIntermediates(ctx, r.intermediates, params);
  const names = new Set([...params.map((p) => p.name), ...intermediates.map((b) => b.name)]);
  const stages = r.stages.map((s, i) => validateStage(ctx, s, i, names));
  params.forEach((p, i) => {
    if (!stages.some((s) => s.args.includes(p.name))) ctx.fail(`params[${i}]`, `'${p.name}' is passed to no stage`);
  });
  intermediates.forEach((b, i) => {
    const users = stages.filter((s) => s.args.includes(b.name)).length;
    if (users < 2) ctx.fail(`intermediates[${i}]`, `'${b.name}' is used by ${users} stage(s); an intermediate carries data from one stage to a later one`);
  });
  const last = stages[stages.length - 1] as PipelineStage;
  return { function: last.function, launch: last.launch, stages, intermediates };
}

export function validateLaunches(ctx: Ctx, r: Record<string, Json>, params: readonly KernelParam[]): Launches {
  if (r.stages !== undefined) return validatePipeline(ctx, r, params);
  if (r.intermediates !== undefined) ctx.fail('intermediates', 'only a pipeline (stages) has intermediates');
  if (r.function === undefined) ctx.fail('function', 'missing');
  if (r.launch === undefined) ctx.fail('launch', 'missing');
  const fn = identifier(ctx, r.function, 'function');
  const launch = validateLaunchRule(ctx, r.launch, 'launch');
  return { function: fn, launch, stages: [{ function: fn, launch, args: params.map((p) => p.name) }], intermediates: [] };
}
