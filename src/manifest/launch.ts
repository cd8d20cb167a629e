/**
 * Evaluates an entry's launch rules and workspace formula for one batch shape and device. The same functions check
 * a rule at load time on the probe grid (probes.ts) and at bind time on the real shape and device.
 */
import { evaluateLaunchExpr, toExprNode, type LaunchEnv } from './expr.ts';
import { paramOfRole, stagesOf } from './roles.ts';
import type { LaunchDevice, LaunchExpr, LaunchRule, LaunchShape, ManifestEntry, PipelineStage, ResolvedLaunch, SplitRule } from './types.ts';

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

/** The split factor a launch uses at one environment and the range of factors its kernel supports there. */
export interface SplitRange {
  readonly parts: number;
  readonly min: number;
  readonly max: number;
}

/** A split rule at `env` (which holds `block`): 1 ≤ min ≤ parts ≤ max, else a LaunchRuleError at the field at fault. */
function evaluateSplit(split: SplitRule, env: LaunchEnv, field: string, kernel: string): SplitRange {
  const min = evaluate(split.min, env, `${field}.min`, kernel);
  const max = evaluate(split.max, env, `${field}.max`, kernel);
  if (min < 1) throw new LaunchRuleError(kernel, `${field}.min`, ` = ${min}; a row is split over at least 1 part`);
  if (max < min) throw new LaunchRuleError(kernel, `${field}.max`, ` = ${max} is below ${field}.min = ${min}`);
  const parts = evaluate(split.parts, env, `${field}.parts`, kernel);
  if (parts < min || parts > max) throw new LaunchRuleError(kernel, `${field}.parts`, ` = ${parts} is outside the supported split factors [${min}, ${max}]`);
  return { parts, min, max };
}

function evaluateBlock(rule: LaunchRule, env: LaunchEnv, field: string, kernel: string): number {
  return within(evaluate(rule.block, env, `${field}.block`, kernel), 1, MAX_BLOCK, `${field}.block`, kernel);
}

/**
 * One launch rule at one environment (`field` labels errors, e.g. 'launch' or 'stages[1].launch'): the block in
 * [1, MAX_BLOCK], then the split (its factor within its range), then the grid in [1, MAX_GRID] and shared memory a
 * non-negative integer (the device limit is the runner's), both seeing `block` and `parts`.
 */
export function evaluateRule(rule: LaunchRule, env: LaunchEnv, field: string, kernel: string): ResolvedLaunch {
  const block = evaluateBlock(rule, env, field, kernel);
  const split = rule.split === undefined ? undefined : evaluateSplit(rule.split, { ...env, block }, `${field}.split`, kernel);
  const full: LaunchEnv = { ...env, block, ...(split === undefined ? {} : { parts: split.parts }) };
  const grid = within(evaluate(rule.grid, full, `${field}.grid`, kernel), 1, MAX_GRID, `${field}.grid`, kernel);
  const sharedBytes = evaluate(rule.sharedBytes, full, `${field}.sharedBytes`, kernel);
  return { grid, block, sharedBytes, cooperative: rule.cooperative, ...(split === undefined ? {} : { parts: split.parts }) };
}

/** The split of one rule at `env`, or null for a rule without one. */
export function resolveSplitRange(rule: LaunchRule, env: LaunchEnv, field: string, kernel: string): SplitRange | null {
  if (rule.split === undefined) return null;
  return evaluateSplit(rule.split, { ...env, block: evaluateBlock(rule, env, field, kernel) }, `${field}.split`, kernel);
}

/** The rule launched at split factor `parts` (its range still applies); a rule without a split is returned as is. */
export function ruleWithParts(rule: LaunchRule, parts: number): LaunchRule {
  return rule.split === undefined ? rule : { ...rule, split: { ...rule.split, parts } };
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

/** Workspace bytes at `shape` (`block` and `parts` are the first launch's). */
export function resolveWorkspaceBytes(entry: ManifestEntry, shape: LaunchShape, device?: LaunchDevice): number {
  assertShape(entry, shape);
  const env = envOf(shape, device);
  const stages = stagesOf(entry);
  const first = stages[0]?.launch ?? entry.launch;
  const field = stages.length > 1 ? 'stages[0].launch' : 'launch';
  const block = evaluateBlock(first, env, field, entry.name);
  const split = resolveSplitRange(first, env, field, entry.name);
  return evaluate(entry.workspaceBytes, { ...env, block, ...(split === null ? {} : { parts: split.parts }) }, 'workspaceBytes', entry.name);
}

/**
 * The split factors a call's launches support at `env` (every split stage's range, intersected) and the factor the
 * first split stage launches with; null when no stage declares a split.
 */
export function stagesSplitRange(stages: readonly PipelineStage[], env: LaunchEnv, kernel: string): SplitRange | null {
  let range: SplitRange | null = null;
  stages.forEach((s, i) => {
    const r = resolveSplitRange(s.launch, env, stages.length > 1 ? `stages[${i}].launch` : 'launch', kernel);
    if (r !== null) range = range === null ? r : { parts: range.parts, min: Math.max(range.min, r.min), max: Math.min(range.max, r.max) };
  });
  const found = range as SplitRange | null;
  if (found !== null && found.min > found.max) throw new LaunchRuleError(kernel, 'stages', `: the split stages support no common split factor (min ${found.min} > max ${found.max})`);
  return found;
}

/** The split factors the entry supports at `shape` on `device`, and the one it launches with; null without a split. */
export function splitRangeAt(entry: ManifestEntry, shape: LaunchShape, device?: LaunchDevice): SplitRange | null {
  assertShape(entry, shape);
  return stagesSplitRange(stagesOf(entry), envOf(shape, device), entry.name);
}
