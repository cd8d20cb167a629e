/** Kernel manifest: types, loader/validator, launch-rule evaluation, parameter roles and element encodings. */
export * from './types.ts';
export { ManifestError } from './manifest-error.ts';
export { loadManifest, MANIFEST_FILE } from './load.ts';
export { validateManifest, type ValidateOptions } from './validate.ts';
export { resolveLaunch, resolveStages, resolveWorkspaceBytes, evaluateRule, shapeRange, assertShape, uniformsPerRowAt, LaunchRuleError, MAX_GRID, MAX_BLOCK } from './launch.ts';
export { parseLaunchExpr, evaluateLaunchExpr, identifiersOf, LAUNCH_IDENTIFIERS, LAUNCH_FUNCTIONS, type ExprNode, type LaunchEnv } from './expr.ts';
export { PROBE_BATCHES, PROBE_VOCABS, PROBE_MULTIPROCESSORS, PROBE_DRAFTS, probeEnvs } from './probes.ts';
export { reservedRoleOf, paramOfRole, isCallerScalar, elementTypeOf, rowInputOf, functionsOf, stagesOf, referenceTiePolicy } from './roles.ts';
export { budgetMsFor } from './budget.ts';
export { f16Bits, f16Value, bf16Bits, bf16Value, encodeElements, widenElements, widenedRows, type ElementRows } from './elements.ts';
