/**
 * THE validation of one kernel call against its manifest entry (the runner, the suites and the benches all bind
 * through it), before anything touches the device: every parameter's type, role, length and nullability, its range
 * (the design contract's for the sampling parameters, then the manifest's), the reserved scalars, the shape limits
 * of the fixed-point contract, every launch's geometry on this device and the device memory the call needs. The
 * result is a plan (what to upload, allocate, fill and pass, per launch in ABI order) that kernel-binding.ts
 * executes. Pure: no I/O. Shapes above 2^31 elements are accepted: a kernel indexes them with 64-bit offsets.
 */
import { MAX_VOCAB } from '../../src/limits.ts';
import { resolveStages, resolveWorkspaceBytes } from '../../src/manifest/launch.ts';
import { reservedRoleOf, stagesOf } from '../../src/manifest/roles.ts';
import type { IntermediateBuffer, KernelParam, LaunchShape, ManifestEntry, ResolvedLaunch, ScalarType } from '../../src/manifest/types.ts';
import { generateUniform } from '../../src/rng/generate-uniform.ts';
import type { DeviceInfo } from '../backends/types.ts';
import { elementBytes, elementCount, isPointerType, planPointer, plannedBytes, type BindBuffer, type ElementPointerType, type PlannedPointer } from './plan-buffers.ts';
import { inputBatchOf, planIndices } from './plan-indices.ts';
import { checkScalar, GENERATOR_PARAM, rangeText, resolveScalarNames, type ScalarValue } from './plan-scalars.ts';

export { arrayCtorOf, elementBytes, elementCount, isPointerType, type BindBuffer, type HostArray } from './plan-buffers.ts';
export { checkScalar, type ScalarValue } from './plan-scalars.ts';

export interface CallInputs {
  readonly buffers?: Readonly<Record<string, BindBuffer | null | undefined>>;
  /**
   * By parameter name; `seed` and `offset` also name a parameter declared with that role under another name, and
   * for a `uniforms-in` entry they are the rocRAND generator's seed and offset the uniforms are drawn with.
   */
  readonly scalars?: Readonly<Record<string, ScalarValue>>;
}

/** What the plan reads of the device: memory, multiprocessors for launch rules, the shared-memory opt-in limit. */
export type PlanDevice = Pick<DeviceInfo, 'totalMemBytes' | 'multiprocessors' | 'maxSharedBytesPerBlockOptin'>;

/** One parameter's argument, in the entry's parameter order. */
export type PlannedArg =
  | PlannedPointer
  /** The uniforms buffer, filled with `generateUniform(seed, offset, length)`. */
  | { readonly kind: 'uniforms'; readonly param: KernelParam; readonly data: Float32Array; readonly seed: bigint; readonly offset: bigint }
  /** The workspace: `bytes` allocated and zeroed before every launch that takes it; 0 bytes pass a null pointer. */
  | { readonly kind: 'workspace'; readonly param: KernelParam; readonly bytes: number }
  | { readonly kind: 'scalar'; readonly param: KernelParam; readonly type: ScalarType; readonly value: number | bigint };

export interface PlannedIntermediate {
  readonly buffer: IntermediateBuffer;
  readonly length: number;
  readonly bytes: number;
}

export interface PlannedStage {
  readonly function: string;
  readonly launch: ResolvedLaunch;
  /** Parameter and intermediate names in the function's ABI order. */
  readonly args: readonly string[];
}

export interface CallPlan {
  readonly entry: ManifestEntry;
  readonly shape: LaunchShape;
  /** The final stage's launch (the only one of a single-kernel entry). */
  readonly launch: ResolvedLaunch;
  readonly stages: readonly PlannedStage[];
  readonly args: readonly PlannedArg[];
  readonly intermediates: readonly PlannedIntermediate[];
  /** Bytes this call puts on the device (uploads, allocations, uniforms, intermediates, workspace). */
  readonly deviceBytes: number;
}

/** The manifest's own batch/vocab/draft/inputBatch ranges are checked afterwards by resolveStages. */
function checkShape(kernel: string, shape: LaunchShape): void {
  if (typeof shape !== 'object' || shape === null) throw new TypeError(`${kernel}: shape must be { batch, vocab }, got ${String(shape)}`);
  // design.md: fixed-point row sums are exact only while vocab < 2^21, whatever a manifest declares
  const limits = { batch: 2 ** 31 - 1, vocab: MAX_VOCAB, inputBatch: 2 ** 31 - 1, draft: 2 ** 31 - 1 };
  for (const key of ['batch', 'vocab', 'inputBatch', 'draft'] as const) {
    const v = shape[key];
    if ((key === 'inputBatch' || key === 'draft') && v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > limits[key]) {
      throw new RangeError(`${kernel}: ${key} must be an integer in [1, ${limits[key]}], got ${String(v)}`);
    }
  }
}

function checkBufferNames(entry: ManifestEntry, given: readonly string[]): void {
  const pointers = entry.params.filter((p) => isPointerType(p.type)).map((p) => p.name);
  for (const name of given) {
    if (!pointers.includes(name)) {
      throw new TypeError(`${entry.name}: unknown buffer '${name}'; this kernel's buffers are: ${pointers.join(', ') || '(none)'}`);
    }
    const p = entry.params.find((q) => q.name === name) as KernelParam;
    if (p.role === 'uniforms') throw new TypeError(`${entry.name}: buffer '${name}' holds the uniforms; the binding fills it from the scalars seed and offset, do not pass it`);
    if (p.role === 'workspace') throw new TypeError(`${entry.name}: buffer '${name}' is the workspace; the binding allocates and zeroes it, do not pass it`);
  }
}

function planStages(entry: ManifestEntry, shape: LaunchShape, device: PlanDevice): PlannedStage[] {
  const launches = resolveStages(entry, shape, device);
  const stages = stagesOf(entry);
  return stages.map((s, i) => {
    const launch = launches[i] as ResolvedLaunch;
    if (launch.sharedBytes > device.maxSharedBytesPerBlockOptin) {
      const field = stages.length > 1 ? `stages[${i}].launch.sharedBytes` : 'launch.sharedBytes';
      throw new RangeError(
        `${entry.name}: ${field} is ${launch.sharedBytes} bytes for batch ${shape.batch} × vocab ${shape.vocab}, above the device's opt-in maximum of ${device.maxSharedBytesPerBlockOptin} bytes per block`,
      );
    }
    return { function: s.function, launch, args: s.args };
  });
}

function planScalar(entry: ManifestEntry, p: KernelParam, shape: LaunchShape, given: Map<string, ScalarValue>, pointers: Map<string, PlannedArg>): PlannedArg {
  const type = p.type as ScalarType;
  const reserved = reservedRoleOf(p);
  const fromShape = reserved === 'batch' || reserved === 'vocab' ? shape[reserved] : reserved === 'draft' ? shape.draft : reserved === 'input-batch' ? inputBatchOf(shape) : undefined;
  if (fromShape !== undefined) return { kind: 'scalar', param: p, type, value: checkScalar(entry.name, p, type, fromShape) };
  const value = given.get(p.name);
  if (value !== undefined) return { kind: 'scalar', param: p, type, value: checkScalar(entry.name, p, type, value) };
  // A fallback scalar is unused while its per-row array is present; any in-range value will do.
  const perRow = entry.params.find((q) => q.fallback === p.name);
  if (perRow && pointers.get(perRow.name)?.kind === 'upload') {
    return { kind: 'scalar', param: p, type, value: type === 'u64' ? 0n : (p.range?.[0] ?? 0) };
  }
  const hint = perRow ? ` (or pass the per-row buffer '${perRow.name}')` : '';
  throw new TypeError(`${entry.name}: scalar '${p.name}' (${p.type}) is required${hint}; allowed ${rangeText(p, type)}`);
}

function planUniforms(entry: ManifestEntry, p: KernelParam, shape: LaunchShape, generator: Map<string, ScalarValue>): PlannedArg {
  const n = entry.rng?.mode === 'uniforms-in' ? entry.rng.uniformsPerRow : 1;
  const [seed, offset] = (['seed', 'offset'] as const).map((key) => {
    const v = generator.get(key);
    if (v === undefined) {
      throw new TypeError(`${entry.name}: scalar '${key}' (u64) is required: the rocRAND generator ${key} the binding draws '${p.name}' with`);
    }
    return checkScalar(entry.name, GENERATOR_PARAM[key], 'u64', v) as bigint;
  }) as [bigint, bigint];
  return { kind: 'uniforms', param: p, data: generateUniform(seed, offset, elementCount(p, shape, n)), seed, offset };
}

function deviceBytesOf(entry: ManifestEntry, shape: LaunchShape, buffers: Readonly<Record<string, unknown>>, workspace: number): number {
  const n = entry.rng?.mode === 'uniforms-in' ? entry.rng.uniformsPerRow : 1;
  let bytes = workspace;
  for (const p of entry.params) {
    if (isPointerType(p.type) && p.type !== 'void*') bytes += plannedBytes(p as KernelParam & { type: ElementPointerType }, buffers[p.name], shape, n);
  }
  for (const b of entry.intermediates) bytes += elementCount(b, shape) * elementBytes(b.type);
  return bytes;
}

/**
 * Validates a call; throws RangeError/TypeError naming the kernel, the parameter and the allowed range.
 * `device` bounds what the call may put on the device and supplies the launch rules' `multiprocessors`.
 */
export function planCall(entry: ManifestEntry, shape: LaunchShape, inputs: CallInputs, device: PlanDevice): CallPlan {
  const kernel = entry.name;
  if (typeof inputs !== 'object' || inputs === null) throw new TypeError(`${kernel}: inputs must be { buffers, scalars }, got ${String(inputs)}`);
  checkShape(kernel, shape);
  const stages = planStages(entry, shape, device);
  const workspace = resolveWorkspaceBytes(entry, shape, device);
  const workspaceParam = entry.params.find((p) => p.role === 'workspace');
  if (workspace > 0 && workspaceParam === undefined) {
    throw new RangeError(`${kernel}: workspaceBytes is ${workspace} for batch ${shape.batch} × vocab ${shape.vocab}, but no parameter has role 'workspace' to receive it`);
  }
  const buffers = inputs.buffers ?? {};
  checkBufferNames(entry, Object.keys(buffers));
  const byParam = new Map<string, ScalarValue>();
  const generator = new Map<string, ScalarValue>();
  for (const [target, { value }] of resolveScalarNames(entry, inputs.scalars ?? {})) {
    if (target.kind === 'param') byParam.set(target.param.name, value);
    else generator.set(target.key, value);
  }
  const deviceBytes = deviceBytesOf(entry, shape, buffers, workspace);
  if (deviceBytes > device.totalMemBytes) {
    throw new RangeError(`${kernel}: the call needs ${deviceBytes} bytes of device memory for batch ${shape.batch} × vocab ${shape.vocab}, more than the device's ${device.totalMemBytes} bytes`);
  }
  const pointers = new Map<string, PlannedArg>();
  for (const p of entry.params) {
    if (!isPointerType(p.type)) continue;
    if (p.role === 'workspace') pointers.set(p.name, { kind: 'workspace', param: p, bytes: workspace });
    else if (p.role === 'uniforms') pointers.set(p.name, planUniforms(entry, p, shape, generator));
    else if (p.role === 'indices') pointers.set(p.name, planIndices(kernel, p, buffers[p.name], shape));
    else pointers.set(p.name, planPointer(kernel, p as KernelParam & { type: ElementPointerType }, buffers[p.name], shape));
  }
  const args = entry.params.map((p): PlannedArg => pointers.get(p.name) ?? planScalar(entry, p, shape, byParam, pointers));
  const intermediates = entry.intermediates.map((b) => {
    const length = elementCount(b, shape);
    return { buffer: b, length, bytes: length * elementBytes(b.type) };
  });
  return { entry, shape, launch: stages[stages.length - 1]?.launch as ResolvedLaunch, stages, args, intermediates, deviceBytes };
}
