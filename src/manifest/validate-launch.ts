/** Validation of launch rules and the workspace formula: syntax and names at parse time, values on the probe grid. */
import { errorMessage } from '../errors.ts';
import { evaluateLaunchExpr, identifiersOf, toExprNode, type LaunchEnv, type LaunchIdentifier } from './expr.ts';
import { Ctx, describe, optionalBoolean, record, type Json } from './json-ctx.ts';
import { evaluateRule, LaunchRuleError, MAX_BLOCK, ruleWithParts, stagesSplitRange, type SplitRange } from './launch.ts';
import { probeEnvs, probeText } from './probes.ts';
import type { KernelParam, LaunchExpr, LaunchRule, PipelineStage, RngUse, SplitRule } from './types.ts';
import { paramOfRole } from './roles.ts';

/** Identifiers an expression may not read at some field, each with the reason the error gives. */
export type Forbidden = Readonly<Partial<Record<LaunchIdentifier, string>>>;

/** Where `parts` is undefined: everywhere except the grid, shared memory and workspace formula of a split launch. */
export const NO_PARTS: Forbidden = { parts: "here: only the grid, shared memory and workspace formula of a launch that declares 'split' read it" };

export function launchExpr(ctx: Ctx, v: Json, field: string, forbidden: Forbidden = NO_PARTS): LaunchExpr {
  if (typeof v !== 'number' && typeof v !== 'string') ctx.fail(field, `expected a number or an expression, got ${describe(v)}`);
  try {
    const node = toExprNode(v);
    for (const id of identifiersOf(node)) {
      const why = forbidden[id];
      if (why !== undefined) throw new SyntaxError(`'${id}' cannot be used ${why}`);
    }
  } catch (e) {
    ctx.fail(field, errorMessage(e));
  }
  return v;
}

/** Whether an expression reads `parts` (it parsed already). */
export function readsParts(expr: LaunchExpr): boolean {
  return identifiersOf(toExprNode(expr)).has('parts');
}

function validateSplit(ctx: Ctx, v: Json, field: string): SplitRule {
  const r = record(ctx, v, field, ['parts', 'min', 'max']);
  if (r.parts === undefined) ctx.fail(`${field}.parts`, 'missing: the split factor of a normal launch');
  if (r.max === undefined) ctx.fail(`${field}.max`, 'missing: the largest split factor the kernel supports');
  const selfRef = { parts: 'in the split itself (it defines parts)' };
  return {
    parts: launchExpr(ctx, r.parts, `${field}.parts`, selfRef),
    min: r.min === undefined ? 1 : launchExpr(ctx, r.min, `${field}.min`, selfRef),
    max: launchExpr(ctx, r.max, `${field}.max`, selfRef),
  };
}

/** A launch rule object at `field` ('launch' or 'stages[i].launch'). */
export function validateLaunchRule(ctx: Ctx, v: Json, field: string): LaunchRule {
  const r = record(ctx, v, field, ['grid', 'block', 'sharedBytes', 'cooperative', 'split']);
  if (r.grid === undefined) ctx.fail(`${field}.grid`, 'missing');
  if (r.block === undefined) ctx.fail(`${field}.block`, 'missing');
  if (typeof r.block === 'number' && (!Number.isInteger(r.block) || r.block < 1 || r.block > MAX_BLOCK)) {
    ctx.fail(`${field}.block`, `expected an integer in [1, ${MAX_BLOCK}] or an expression, got ${describe(r.block)}`);
  }
  const split = r.split === undefined ? undefined : validateSplit(ctx, r.split, `${field}.split`);
  const partsAllowed: Forbidden = split === undefined ? NO_PARTS : {};
  const rule: LaunchRule = {
    grid: launchExpr(ctx, r.grid, `${field}.grid`, partsAllowed),
    block: launchExpr(ctx, r.block, `${field}.block`, { block: 'in the block rule itself', parts: 'in the block rule (the split is evaluated after the block)' }),
    sharedBytes: r.sharedBytes === undefined ? 0 : launchExpr(ctx, r.sharedBytes, `${field}.sharedBytes`, partsAllowed),
    cooperative: optionalBoolean(ctx, r.cooperative, `${field}.cooperative`),
  };
  if (split === undefined) return rule;
  // a split whose factor does not reach the grid would launch the same blocks at every factor
  if (!readsParts(rule.grid)) ctx.fail(`${field}.grid`, "must read 'parts' (launch.split declares the row's split factor; the grid gives each part a block)");
  return { ...rule, split };
}

function entryProbes(params: readonly KernelParam[]): LaunchEnv[] {
  const range = (key: 'batch' | 'vocab' | 'draft'): readonly [number, number] => paramOfRole({ params }, key)?.range ?? [1, 2 ** 31 - 1];
  return probeEnvs(range('batch'), range('vocab'), paramOfRole({ params }, 'draft') === undefined ? null : range('draft'));
}

/** A philox-replay `uniformsPerRow` expression must give at least one uniform on every probe. */
export function probeUniformsPerRow(ctx: Ctx, rng: RngUse | null, params: readonly KernelParam[]): void {
  if (rng?.mode !== 'philox-replay' || rng.uniformsPerRow === 1) return;
  for (const env of entryProbes(params)) {
    let n: number;
    try {
      n = evaluateLaunchExpr(toExprNode(rng.uniformsPerRow), env);
    } catch (e) {
      ctx.fail('rng.uniformsPerRow', `at ${probeText(env)}: ${errorMessage(e)}`);
    }
    if (n < 1) ctx.fail('rng.uniformsPerRow', `is ${n} at ${probeText(env)}; a row draws at least one uniform`);
  }
}

/** Every stage's rule and the workspace formula at one environment (`label` names it in errors). */
function probeOnce(ctx: Ctx, stages: readonly PipelineStage[], workspaceBytes: LaunchExpr, hasWorkspace: boolean, env: LaunchEnv, label: string): void {
  let first: LaunchEnv = env;
  stages.forEach((stage, i) => {
    const field = stages.length > 1 ? `stages[${i}].launch` : 'launch';
    try {
      const resolved = evaluateRule(stage.launch, env, field, ctx.entry ?? '');
      if (i === 0) first = { ...env, block: resolved.block, ...(resolved.parts === undefined ? {} : { parts: resolved.parts }) };
    } catch (e) {
      if (!(e instanceof LaunchRuleError)) throw e;
      ctx.fail(e.field, `at ${label}: ${e.field}${e.problem}`);
    }
  });
  let bytes: number;
  try {
    bytes = evaluateLaunchExpr(toExprNode(workspaceBytes), first);
  } catch (e) {
    ctx.fail('workspaceBytes', `at ${label}: ${errorMessage(e)}`);
  }
  if (bytes > 0 && !hasWorkspace) {
    ctx.fail('workspaceBytes', `is ${bytes} at ${label}, but no parameter has role 'workspace' to receive it`);
  }
}

/**
 * Evaluates every stage's rule and the workspace formula on the probe grid, for a split launch also at its smallest
 * and largest split factor (the suites launch those); the first failure is reported at its field with the probe that
 * broke it. An entry without a workspace parameter must need no workspace anywhere.
 */
export function probeRules(ctx: Ctx, stages: readonly PipelineStage[], workspaceBytes: LaunchExpr, params: readonly KernelParam[]): void {
  const hasWorkspace = params.some((p) => p.role === 'workspace');
  for (const env of entryProbes(params)) {
    probeOnce(ctx, stages, workspaceBytes, hasWorkspace, env, probeText(env));
    let range: SplitRange | null;
    try {
      range = stagesSplitRange(stages, env, ctx.entry ?? '');
    } catch (e) {
      if (!(e instanceof LaunchRuleError)) throw e;
      ctx.fail(e.field, `at ${probeText(env)}${e.problem}`);
    }
    if (range === null) continue;
    for (const parts of new Set([range.min, range.max])) {
      const at = stages.map((s) => ({ ...s, launch: ruleWithParts(s.launch, parts) }));
      probeOnce(ctx, at, workspaceBytes, hasWorkspace, env, `${probeText(env)}, split factor ${parts}`);
    }
  }
}
