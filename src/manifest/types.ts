/**
 * Types of kernels/manifest.json: one entry per kernel entry point, read by the runner, the suites and the
 * report. The same format describes a user's own kernel directory. kernels/README.md documents every field.
 */
import type { FusedOrder, TiePolicy } from '../types.ts';

/** Kernel argument types of the ABI (docs/design.md): fp32/int32/uint32 device pointers, scalars, uint64. */
export type ParamType = 'f32*' | 'i32*' | 'u32*' | 'f32' | 'i32' | 'u32' | 'u64';
export const PARAM_TYPES: readonly ParamType[] = ['f32*', 'i32*', 'u32*', 'f32', 'i32', 'u32', 'u64'];
export const POINTER_TYPES: readonly ParamType[] = ['f32*', 'i32*', 'u32*'];

/** in/out/inout: row buffers and outputs; scalar: a by-value argument; per-row: a nullable array of parameters. */
export type ParamRole = 'in' | 'out' | 'inout' | 'scalar' | 'per-row';
export const PARAM_ROLES: readonly ParamRole[] = ['in', 'out', 'inout', 'scalar', 'per-row'];

/** Element count of a buffer: one per entry of the batch, or one per row. */
export type ParamShape = 'batch*vocab' | 'batch';
export const PARAM_SHAPES: readonly ParamShape[] = ['batch*vocab', 'batch'];

/** Scalars whose value the runner supplies itself; every other scalar is a filter/temperature parameter. */
export const RESERVED_SCALARS = { batch: 'i32', vocab: 'i32', seed: 'u64', offset: 'u64' } as const;

export interface KernelParam {
  readonly name: string;
  readonly type: ParamType;
  readonly role: ParamRole;
  /** Required for pointer types. */
  readonly shape?: ParamShape;
  /** Only per-row arrays: a null pointer means "use the scalar named by `fallback`". */
  readonly nullable?: true;
  /** Inclusive range every value must lie in (scalars and per-row arrays). */
  readonly range?: readonly [number, number];
  /** Per-row arrays: the scalar parameter used when the pointer is null. */
  readonly fallback?: string;
}

/**
 * A launch quantity: a non-negative integer, or an expression over `batch`, `vocab` and `block` with integer
 * literals, `+ - *`, parentheses and the functions `ceilDiv(a, b)`, `min(a, b)`, `max(a, b)`.
 */
export type LaunchExpr = number | string;

export interface LaunchRule {
  /** One-dimensional grid (blocks). */
  readonly grid: LaunchExpr;
  /** Threads per block (a constant: kernels are compiled with it as their launch bound). */
  readonly block: number;
  /** Dynamic shared memory in bytes (static shared memory is the kernel's own business). */
  readonly sharedBytes: LaunchExpr;
}

export type KernelFamily =
  | 'softmax'
  | 'prefix-sum'
  | 'temperature'
  | 'topk'
  | 'topp'
  | 'fused'
  | 'minp'
  | 'renorm'
  | 'logits'
  | 'sample';
export const KERNEL_FAMILIES: readonly KernelFamily[] = [
  'softmax',
  'prefix-sum',
  'temperature',
  'topk',
  'topp',
  'fused',
  'minp',
  'renorm',
  'logits',
  'sample',
];

/** Reference operations (src/reference/) a kernel is held to. */
export type ReferenceOp = 'sample' | 'sample-logits' | 'softmax' | 'prefix-sum' | 'temperature' | 'renorm' | 'mask-logits';
export const REFERENCE_OPS: readonly ReferenceOp[] = [
  'sample',
  'sample-logits',
  'softmax',
  'prefix-sum',
  'temperature',
  'renorm',
  'mask-logits',
];

/** Filter of the reference's FilterSpec. */
export type ReferenceFilter = 'none' | 'top-k' | 'top-p' | 'min-p' | 'top-k-top-p';
export const REFERENCE_FILTERS: readonly ReferenceFilter[] = ['none', 'top-k', 'top-p', 'min-p', 'top-k-top-p'];

export interface ReferenceSpec {
  readonly op: ReferenceOp;
  /** Required for sample, renorm and mask-logits. */
  readonly filter?: ReferenceFilter;
  /** Required iff filter is top-k-top-p. */
  readonly order?: FusedOrder;
}

/** Randomness: exactly one Philox uniform per row, subsequence = row (docs/design.md). */
export interface RngUse {
  readonly uniformsPerRow: 1;
  readonly subsequence: 'row';
}

export interface ManifestEntry {
  readonly name: string;
  /** Source file, relative to the manifest's directory. */
  readonly file: string;
  /** extern "C" symbol. */
  readonly function: string;
  readonly family: KernelFamily;
  /** In ABI order. */
  readonly params: readonly KernelParam[];
  readonly launch: LaunchRule;
  readonly reference: ReferenceSpec;
  /** null for kernels without a tie-sensitive filter. */
  readonly tiePolicy: TiePolicy | null;
  readonly rng: RngUse | null;
  /** Global-memory workspace the caller must provide (same expression language as launch). */
  readonly workspaceBytes: LaunchExpr;
  /** One description per out/inout parameter. */
  readonly outputs: Readonly<Record<string, string>>;
  /** Optional time budget of one launch (see TimeBudget); absent: the global watchdog budget applies. */
  readonly budget?: TimeBudget;
}

/**
 * A per-kernel time budget for one launch, GPU-timed: `baseMs + msPerMElement · batch·vocab / 10^6`.
 * Set from measured times with a wide margin; it makes a kernel that is correct but far too slow (a serial loop)
 * fail, which the global hang watchdog (hundreds of ms) cannot. A shape term is needed because a single number
 * either rejects a correct kernel at the largest batch or accepts a serial one at batch 1.
 */
export interface TimeBudget {
  readonly baseMs: number;
  readonly msPerMElement: number;
}

export interface Manifest {
  readonly version: 1;
  /** Absolute directory the manifest was loaded from; entry files resolve against it. */
  readonly dir: string;
  readonly entries: readonly ManifestEntry[];
  /** Compile targets the directory is held to (e.g. ["sm_90", "gfx90a"]); absent: the project's default targets. */
  readonly targets?: readonly string[];
}

/** Grid, block and dynamic shared memory of one launch. */
export interface ResolvedLaunch {
  readonly grid: number;
  readonly block: number;
  readonly sharedBytes: number;
}

export interface LaunchShape {
  readonly batch: number;
  readonly vocab: number;
}
