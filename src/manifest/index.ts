/** Kernel manifest: types, loader/validator and launch-rule evaluation. */
export * from './types.ts';
export { ManifestError } from './manifest-error.ts';
export { loadManifest, MANIFEST_FILE } from './load.ts';
export { validateManifest, type ValidateOptions } from './validate.ts';
export { resolveLaunch, resolveWorkspaceBytes, MAX_GRID } from './launch.ts';
export { parseLaunchExpr, evaluateLaunchExpr, LAUNCH_IDENTIFIERS, LAUNCH_FUNCTIONS, type ExprNode, type LaunchEnv } from './expr.ts';
export { budgetMsFor } from './budget.ts';
