/** Evaluates an entry's launch rule and workspace formula for one batch shape. */
import { evaluateLaunchExpr, toExprNode, type LaunchEnv } from './expr.ts';
import type { LaunchExpr, LaunchShape, ManifestEntry, ResolvedLaunch } from './types.ts';

/** Hardware limit of a one-dimensional grid (2^31 - 1 blocks on both vendors). */
export const MAX_GRID = 2 ** 31 - 1;

function assertShape(entry: ManifestEntry, shape: LaunchShape): void {
  for (const key of ['batch', 'vocab'] as const) {
    const value = shape[key];
    const param = entry.params.find((p) => p.name === key);
    const [min, max] = param?.range ?? [1, MAX_GRID];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`${key} must be an integer in [${min}, ${max}] for '${entry.name}', got ${String(value)}`);
    }
  }
}

function evaluate(expr: LaunchExpr, env: LaunchEnv, what: string, entry: ManifestEntry): number {
  try {
    return evaluateLaunchExpr(toExprNode(expr), env);
  } catch (e) {
    throw new RangeError(`'${entry.name}' ${what} (${String(expr)}): ${(e as Error).message}`);
  }
}

export function resolveLaunch(entry: ManifestEntry, shape: LaunchShape): ResolvedLaunch {
  assertShape(entry, shape);
  const env: LaunchEnv = { batch: shape.batch, vocab: shape.vocab, block: entry.launch.block };
  const grid = evaluate(entry.launch.grid, env, 'launch.grid', entry);
  if (grid < 1 || grid > MAX_GRID) throw new RangeError(`'${entry.name}' launch.grid = ${grid} is outside [1, ${MAX_GRID}]`);
  const sharedBytes = evaluate(entry.launch.sharedBytes, env, 'launch.sharedBytes', entry);
  return { grid, block: entry.launch.block, sharedBytes };
}

export function resolveWorkspaceBytes(entry: ManifestEntry, shape: LaunchShape): number {
  assertShape(entry, shape);
  const env: LaunchEnv = { batch: shape.batch, vocab: shape.vocab, block: entry.launch.block };
  return evaluate(entry.workspaceBytes, env, 'workspaceBytes', entry);
}
