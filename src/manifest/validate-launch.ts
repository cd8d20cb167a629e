/** Validation of launch rules and the workspace formula: syntax and names at parse time, values on the probe grid. */
import { evaluateLaunchExpr, identifiersOf, toExprNode, type LaunchEnv } from './expr.ts';
import { Ctx, describe, optionalBoolean, record, type Json } from './json-ctx.ts';
import { evaluateRule, LaunchRuleError, MAX_BLOCK } from './launch.ts';
import { probeEnvs, probeText } from './probes.ts';
import type { KernelParam, LaunchExpr, LaunchRule, PipelineStage, RngUse } from './types.ts';
import { paramOfRole } from './roles.ts';

export function launchExpr(ctx: Ctx, v: Json, field: string, allowBlock = true): LaunchExpr {
  if (typeof v !== 'number' && typeof v !== 'string') ctx.fail(field, `expected a number or an expression, got ${describe(v)}`);
  try {
    const node = toExprNode(v);
    if (!allowBlock && identifiersOf(node).has('block')) throw new SyntaxError(`'block' cannot be used in the block rule itself`);
  } catch (e) {
    ctx.fail(field, e instanceof Error ? e.message : String(e));
  }
  return v;
}

/** A launch rule object at `field` ('launch' or 'stages[i].launch'). */
export function validateLaunchRule(ctx: Ctx, v: Json, field: string): LaunchRule {
  const r = record(ctx, v, field, ['grid', 'block', 'sharedBytes', 'cooperative']);
  if (r.grid === undefined) ctx.fail(`${field}.grid`, 'missing');
  if (r.block === undefined) ctx.fail(`${field}.block`, 'missing');
  if (typeof r.block === 'number' && (!Number.isInteger(r.block) || r.block < 1 || r.block > MAX_BLOCK)) {
    ctx.fail(`${field}.block`, `expected an integer in [1, ${MAX_BLOCK}] or an expression, got ${describe(r.block)}`);
  }
  return {
    grid: launchExpr(ctx, r.grid, `${field}.grid`),
    block: launchExpr(ctx, r.block, `${field}.block`, false),
    sharedBytes: r.sharedBytes === undefined ? 0 : launchExpr(ctx, r.sharedBytes, `${field}.sharedBytes`),
    cooperative: optionalBoolean(ctx, r.cooperative, `${field}.cooperative`),
  };
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
      ctx.fail('rng.uniformsPerRow', `at ${probeText(env)}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (n < 1) ctx.fail('rng.uniformsPerRow', `is ${n} at ${probeText(env)}; a row draws at least one uniform`);
  }
}

/**
 * Evaluates every stage's rule and the workspace formula on the probe grid; the first failure is reported at its
 * field with the probe that broke it. An entry without a workspace parameter must need no workspace anywhere.
 */
export function probeRules(ctx: Ctx, stages: readonly PipelineStage[], workspaceBytes: LaunchExpr, params: readonly KernelParam[]): void {
  const envs = entryProbes(params);
  const hasWorkspace = params.some((p) => p.role === 'workspace');
  for (const env of envs) {
    let first: LaunchEnv = env;
    stages.forEach((stage, i) => {
      const field = stages.length > 1 ? `stages[${i}].launch` : 'launch';
      try {
        const resolved = evaluateRule(stage.launch, env, field, ctx.entry ?? '');
        if (i === 0) first = { ...env, block: resolved.block };
      } catch (e) {
        if (!(e instanceof LaunchRuleError)) throw e;
        ctx.fail(e.field, `at ${probeText(env)}: ${e.field}${e.problem}`);
      }
    });
    let bytes: number;
    try {
      bytes = evaluateLaunchExpr(toExprNode(workspaceBytes), first);
    } catch (e) {
      ctx.fail('workspaceBytes', `at ${probeText(env)}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (bytes > 0 && !hasWorkspace) {
      ctx.fail('workspaceBytes', `is ${bytes} at ${probeText(env)}, but no parameter has role 'workspace' to receive it`);
    }
  }
}
