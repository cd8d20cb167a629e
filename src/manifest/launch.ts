/**
 * Evaluates an entry's launch rules and workspace formula for one batch shape and device. The same functions check
 * a rule at load time on the probe grid (probes.ts) and at bind time on the real shape and device.
 */
import { evaluateLaunchExpr, toExprNode, type LaunchEnv } from './expr.ts';
import { paramOfRole, stagesOf } from './roles.ts';
import type { LaunchDevice, LaunchExpr, LaunchRule, LaunchShape, ManifestEntry, ResolvedLaunch } from './types.ts';

import { errorMessage } from '../errors.ts';
// The grid and block limits are the runner's too: defined in src/limits.ts, re-exported for the manifest's users.
import { MAX_BLOCK, MAX_GRID } from '../limits.ts';
export { MAX_BLOCK, MAX_GRID };

/** The declared inclusive range of a shape scalar ([1, 2^31 - 1] when it declares none). */
export function shapeRange(entry: Pick<ManifestEntry, 'params'>, key: 'batch' | 'vocab' | 'draft' | 'input-batch'): readonly [number, number] {
  return paramOfRole(entry, key)?.range ?? [1, MAX_GRID];
}

function assertInRange(entry: Pick<ManifestEntry, 'name'>, key: string, value: unknown, [min, max]: readonly [number, number], why = ''): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${key} must be an integer in [${min}, ${max}] for '${entry.name}'${why}, got ${String(value)}`);
  }
}

/**
 * batch and vocab in their declared ranges; `draft` given exactly when the entry has a draft scalar; `inputBatch`
 * only for an entry with indices (else absent or equal to batch).
 */
export function assertShape(entry: Pick<ManifestEntry, 'params' | 'name'>, shape: LaunchShape): void {
  for (const key of ['batch', 'vocab'] as const) assertInRange(entry, key, shape[key], shapeRange(entry, key));
  if (paramOfRole(entry, 'draft') !== undefined) assertInRange(entry, 'draft', shape.draft, shapeRange(entry, 'draft'), ' (draft tokens per row)');
  else if (shape.draft !== undefined) throw new RangeError(`'${entry.name}' takes no draft length (no 'draft' scalar), got draft ${String(shape.draft)}`);
  if (paramOfRole(entry, 'indices') !== undefined) {
    if (shape.inputBatch !== undefined) assertInRange(entry, 'inputBatch', shape.inputBatch, shapeRange(entry, 'input-batch'), ' (input rows the indices point into)');
  } else if (shape.inputBatch !== undefined && shape.inputBatch !== shape.batch) {
    throw new RangeError(`'${entry.name}' has no indices: every output row reads its own input row, so inputBatch must equal batch ${shape.batch}, got ${String(shape.inputBatch)}`);
  }
}

/** A launch rule that cannot be evaluated or gives an unusable value; `field` is the manifest field at fault. */
export class LaunchRuleError extends RangeError {
  override readonly name = 'LaunchRuleError';
  constructor(
    readonly kernel: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`'${kernel}' ${field}${problem}`);
  }
}

function evaluate(expr: LaunchExpr, env: LaunchEnv, field: string, kernel: string): number {
  try {
    return evaluateLaunchExpr(toExprNode(expr), env);
  } catch (e) {
    throw new LaunchRuleError(kernel, field, ` (${String(expr)}): ${errorMessage(e)}`);
  }
}

function within(value: number, min: number, max: number, field: string, kernel: string): number {
  if (value < min || value > max) throw new LaunchRuleError(kernel, field, ` = ${value} is outside [${min}, ${max}]`);
  return value;
}

/**
 * One launch rule at one environment (`field` labels errors, e.g. 'launch' or 'stages[1].launch'): the block in
 * [1, MAX_BLOCK], the grid in [1, MAX_GRID], shared memory a non-negative integer (the device limit is the runner's).
 */
export function evaluateRule(rule: LaunchRule, env: LaunchEnv, field: string, kernel: string): ResolvedLaunch {
  const block = within(evaluate(rule.block, env, `${field}.block`, kernel), 1, MAX_BLOCK, `${field}.block`, kernel);
  const withBlock: LaunchEnv = { ...env, block };
  const grid = within(evaluate(rule.grid, withBlock, `${field}.grid`, kernel), 1, MAX_GRID, `${field}.grid`, kernel);
  const sharedBytes = evaluate(rule.sharedBytes, withBlock, `${field}.sharedBytes`, kernel);
  return { grid, block, sharedBytes, cooperative: rule.cooperative };
}

function envOf(shape: LaunchShape, device: LaunchDevice | undefined): LaunchEnv {
  return {
    batch: shape.batch,
    vocab: shape.vocab,
    ...(device === undefined ? {} : { multiprocessors: device.multiprocessors }),
    ...(shape.draft === undefined ? {} : { draft: shape.draft }),
  };
}

/**
 * Uniforms each row draws under `philox-replay` at `shape` (its `uniformsPerRow`, 1 for every filter sampler),
 * or under `uniforms-in`; 0 for an entry without replayable randomness.
 */
export function uniformsPerRowAt(entry: ManifestEntry, shape: LaunchShape): number {
  const rng = entry.rng;
  if (rng === null || rng.mode === 'seeded') return 0;
  if (rng.mode === 'uniforms-in') return rng.uniformsPerRow;
  assertShape(entry, shape);
  return evaluate(rng.uniformsPerRow, envOf(shape, undefined), 'rng.uniformsPerRow', entry.name);
}

/**
 * The entry's launch (for a pipeline: its final stage's) at `shape`. `device` supplies `multiprocessors`; a rule
 * that reads it fails without one.
 */
export function resolveLaunch(entry: ManifestEntry, shape: LaunchShape, device?: LaunchDevice): ResolvedLaunch {
  assertShape(entry, shape);
  return evaluateRule(entry.launch, envOf(shape, device), 'launch', entry.name);
}

/** Every stage's launch at `shape`, in order (one for a single-kernel entry). */
export function resolveStages(entry: ManifestEntry, shape: LaunchShape, device?: LaunchDevice): ResolvedLaunch[] {
  assertShape(entry, shape);
  const env = envOf(shape, device);
  const stages = stagesOf(entry);
  return stages.map((s, i) => evaluateRule(s.launch, env, stages.length > 1 ? `stages[${i}].launch` : 'launch', entry.name));
}

/** Workspace bytes at `shape` (`block` is the first launch's block). */
export function resolveWorkspaceBytes(entry: ManifestEntry, shape: LaunchShape, device?: LaunchDevice): number {
  assertShape(entry, shape);
  const env = envOf(shape, device);
  const first = stagesOf(entry)[0]?.launch ?? entry.launch;
  const block = evaluate(first.block, env, 'launch.block', entry.name);
  return evaluate(entry.workspaceBytes, { ...env, block }, 'workspaceBytes', entry.name);
}
