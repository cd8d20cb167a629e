/**
 * Types of kernels/manifest.json: one entry per kernel entry point (or per pipeline of entry points), read by the
 * runner, the suites and the report. The same format describes a user's own kernel directory. kernels/README.md
 * documents every field in a table; the comments here are the reference.
 *
 * The validated form (what `validateManifest` returns) has every optional field filled with its default, so a
 * consumer never re-derives one: `rng` always carries its `mode`, `invalidRows`, `assumes`, `tokenOutput`,
 * `validOutput`, `stages` and `intermediates` are always present.
 */
import type { FusedOrder, TiePolicy } from '../types.ts';

/** Element types of row inputs: the kernel reads these; the reference sees the exactly widened fp32 values. */
export type ElementType = 'f32' | 'f16' | 'bf16';
export const ELEMENT_TYPES: readonly ElementType[] = ['f32', 'f16', 'bf16'];

/**
 * Kernel argument types. Pointers: `f32*`, `f16*` and `bf16*` (f16/bf16 only for `in` parameters and
 * intermediates), `i32*`, `u32*`, `i64*` (token outputs and intermediates), `void*` (only the workspace).
 * Scalars: `f32`, `i32`, `u32`, `u64`.
 */
export type PointerType = 'f32*' | 'f16*' | 'bf16*' | 'i32*' | 'u32*' | 'i64*' | 'void*';
export type ScalarType = 'f32' | 'i32' | 'u32' | 'u64';
export type ParamType = PointerType | ScalarType;
export const POINTER_TYPES: readonly PointerType[] = ['f32*', 'f16*', 'bf16*', 'i32*', 'u32*', 'i64*', 'void*'];
export const SCALAR_TYPES: readonly ScalarType[] = ['f32', 'i32', 'u32', 'u64'];
export const PARAM_TYPES: readonly ParamType[] = [...POINTER_TYPES, ...SCALAR_TYPES];
/** Types a token output may have. */
export const TOKEN_TYPES: readonly PointerType[] = ['i32*', 'u32*', 'i64*'];
/** Types a valid-flag output may have (1 = valid row, 0 = invalid). */
export const VALID_TYPES: readonly PointerType[] = ['i32*', 'u32*'];
/** Types of an `indices` parameter (input row of each output row). */
export const INDEX_TYPES: readonly PointerType[] = ['i32*', 'i64*'];

/**
 * - `in` / `out` / `inout`: row buffers and outputs;
 * - `scalar`: a by-value argument (a filter or temperature parameter; or, named `batch`/`vocab`/`seed`/`offset`,
 *   the reserved scalar of that name — the form the shipped manifest uses);
 * - `per-row`: a nullable array of parameters;
 * - `batch` / `vocab`: the scalar receiving the launch shape, whatever its name (e.g. `batch_size`);
 * - `seed` / `offset`: the u64 scalars of the kernel's own randomness, whatever their names;
 * - `uniforms`: a pointer the harness fills with rocRAND uniforms before the launch (`rng.mode: 'uniforms-in'`);
 * - `workspace`: a pointer to `workspaceBytes` bytes of device memory the binding allocates and zeroes before
 *   every launch;
 * - `indices`: an `i32*`/`i64*` of shape `batch`, optionally `nullable`: output row i reads input row `indices[i]`
 *   (the row inputs then have shape `inputBatch*vocab`; a null pointer means output row i reads input row i);
 * - `input-batch`: the scalar receiving the number of input rows (`inputBatch`) of an entry with `indices`;
 * - `draft`: the scalar receiving the number of draft tokens per row of a speculative sampler.
 */
export type ParamRole =
  | 'in'
  | 'out'
  | 'inout'
  | 'scalar'
  | 'per-row'
  | 'batch'
  | 'vocab'
  | 'seed'
  | 'offset'
  | 'uniforms'
  | 'workspace'
  | 'indices'
  | 'input-batch'
  | 'draft';
export const PARAM_ROLES: readonly ParamRole[] = [
  'in',
  'out',
  'inout',
  'scalar',
  'per-row',
  'batch',
  'vocab',
  'seed',
  'offset',
  'uniforms',
  'workspace',
  'indices',
  'input-batch',
  'draft',
];

/** The scalars the runner supplies itself, by role. */
export type ReservedRole = 'batch' | 'vocab' | 'seed' | 'offset' | 'input-batch' | 'draft';
export const RESERVED_ROLES: readonly ReservedRole[] = ['batch', 'vocab', 'seed', 'offset', 'input-batch', 'draft'];

/**
 * Element count of a buffer, in terms of the call's shape (LaunchShape):
 * - `batch*vocab`: one per entry of the batch; `batch`: one per row;
 * - `batch*n`: `rng.uniformsPerRow` per row (only the `uniforms` parameter; row r owns `[r·n, r·n + n)`);
 * - `inputBatch*vocab`: one per entry of the input rows of an entry with `indices` (an output row reads the input
 *   row its index names);
 * - `batch*draft*vocab`, `batch*(draft+1)*vocab`: `draft` (or `draft + 1`) rows of vocab entries per batch row,
 *   row-major (batch row b, position j at `(b·draft + j)·vocab`);
 * - `batch*draft`, `batch*(draft+1)`: one per position of each batch row.
 */
export type ParamShape =
  | 'batch*vocab'
  | 'batch'
  | 'batch*n'
  | 'inputBatch*vocab'
  | 'batch*draft*vocab'
  | 'batch*(draft+1)*vocab'
  | 'batch*draft'
  | 'batch*(draft+1)';
export const PARAM_SHAPES: readonly ParamShape[] = [
  'batch*vocab',
  'batch',
  'batch*n',
  'inputBatch*vocab',
  'batch*draft*vocab',
  'batch*(draft+1)*vocab',
  'batch*draft',
  'batch*(draft+1)',
];
/** Shapes that need the call's `draft` (a speculative sampler's). */
export const DRAFT_SHAPES: readonly ParamShape[] = ['batch*draft*vocab', 'batch*(draft+1)*vocab', 'batch*draft', 'batch*(draft+1)'];

/** Scalars named like this are the reserved scalar of that name (and must have this type and role `scalar`). */
export const RESERVED_SCALARS = { batch: 'i32', vocab: 'i32', seed: 'u64', offset: 'u64' } as const;

export interface KernelParam {
  readonly name: string;
  readonly type: ParamType;
  readonly role: ParamRole;
  /** Required for pointer types except the workspace (sized by `workspaceBytes`). */
  readonly shape?: ParamShape;
  /**
   * Per-row arrays: a null pointer means "use the scalar named by `fallback`". Indices: a null pointer means
   * "output row i reads input row i".
   */
  readonly nullable?: true;
  /** Inclusive range every value must lie in (scalars, per-row arrays, and the batch/vocab/draft scalars). */
  readonly range?: readonly [number, number];
  /** Per-row arrays: the scalar parameter used when the pointer is null. */
  readonly fallback?: string;
}

/**
 * A launch quantity: a non-negative integer, or an expression with integer literals, `+ - *`, parentheses and the
 * functions `ceilDiv(a, b)`, `min(a, b)`, `max(a, b)` over `batch`, `vocab`, `multiprocessors` (the device's
 * SM/CU count, from the runner at bind time), `draft` (entries with a draft scalar), except in `launch.block`
 * itself `block`, and in the grid, the shared memory and the workspace formula of a split launch `parts`.
 */
export type LaunchExpr = number | string;

/**
 * A row split over several blocks ("parts"), for kernels that give one row to `parts` blocks of one launch. `parts`
 * is the split factor the entry launches with; `min` and `max` state every factor the kernel supports at a shape
 * (same results for each: the suites launch several and compare), so `parts` is a speed choice inside them. All
 * three are expressions of `batch`, `vocab`, `multiprocessors`, `draft` and `block`; the grid, shared memory and
 * workspace formula then read `parts`, so the split factor is written once.
 */
export interface SplitRule {
  /** The split factor of a normal launch; must lie in [min, max] at every shape. */
  readonly parts: LaunchExpr;
  /** Smallest split factor the kernel supports (JSON default 1). */
  readonly min: LaunchExpr;
  /** Largest split factor the kernel supports (required), e.g. `min(multiprocessors, 256)` for blocks that wait for each other. */
  readonly max: LaunchExpr;
}

export interface LaunchRule {
  /** One-dimensional grid (blocks). */
  readonly grid: LaunchExpr;
  /** Threads per block: a constant or an expression (e.g. `min(256, vocab)`); must lie in [1, 1024]. */
  readonly block: LaunchExpr;
  /** Dynamic shared memory in bytes (JSON default 0); above 48 KiB the runner opts in up to the device maximum. */
  readonly sharedBytes: LaunchExpr;
  /** Launch with the cooperative API (every block co-resident, grid-wide sync allowed). JSON default false. */
  readonly cooperative: boolean;
  /** A row split over `parts` blocks (SplitRule); absent: the launch has no split factor and nothing reads `parts`. */
  readonly split?: SplitRule;
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
  | 'sample'
  | 'speculative';
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
  'speculative',
];

/**
 * Reference operations (src/reference/) a kernel is held to. `chain-speculative`: chain speculative sampling
 * (src/reference/speculative.ts); its buffers are named by the entry's `speculative` field.
 */
export type ReferenceOp = 'sample' | 'sample-logits' | 'softmax' | 'prefix-sum' | 'temperature' | 'renorm' | 'mask-logits' | 'chain-speculative';
export const REFERENCE_OPS: readonly ReferenceOp[] = [
  'sample',
  'sample-logits',
  'softmax',
  'prefix-sum',
  'temperature',
  'renorm',
  'mask-logits',
  'chain-speculative',
];
/** Ops whose output is a token per row. */
export const TOKEN_OPS: readonly ReferenceOp[] = ['sample', 'sample-logits'];
/** Ops whose input is a logit row (never "normalized"). */
export const LOGIT_INPUT_OPS: readonly ReferenceOp[] = ['sample-logits', 'softmax', 'temperature', 'mask-logits'];

/** Filter of the reference's FilterSpec. */
export type ReferenceFilter = 'none' | 'top-k' | 'top-p' | 'min-p' | 'top-k-top-p';
export const REFERENCE_FILTERS: readonly ReferenceFilter[] = ['none', 'top-k', 'top-p', 'min-p', 'top-k-top-p'];

/** A prefix sum's output at i: `Σ_{j ≤ i}` (inclusive) or `Σ_{j < i}` (exclusive, 0 at i = 0). */
export type ScanKind = 'inclusive' | 'exclusive';
export const SCAN_KINDS: readonly ScanKind[] = ['inclusive', 'exclusive'];

export interface ReferenceSpec {
  readonly op: ReferenceOp;
  /** Required for sample, renorm and mask-logits. */
  readonly filter?: ReferenceFilter;
  /** Required iff filter is top-k-top-p. */
  readonly order?: FusedOrder;
  /** Only op prefix-sum; JSON default 'inclusive', always present in the validated form of a prefix-sum entry. */
  readonly scan?: ScanKind;
}

export type RngMode = 'philox-replay' | 'uniforms-in' | 'seeded';
export const RNG_MODES: readonly RngMode[] = ['philox-replay', 'uniforms-in', 'seeded'];

/**
 * Philox4x32-10 with rocRAND semantics inside the kernel, from subsequence = row (docs/design.md): the harness
 * replays it exactly. Row r consumes `uniformsPerRow` uniforms: uniform k is output k of the engine
 * (seed, subsequence r, offset), i.e. the first output of (seed, r, offset + k). JSON: `{ "mode": "philox-replay" }`
 * (one per row), `{ "mode": "philox-replay", "uniformsPerRow": "draft + 1" }` (an expression of the launch
 * identifiers, e.g. a speculative sampler's), or the older `{ "uniformsPerRow": 1, "subsequence": "row" }`.
 */
export interface PhiloxReplayRng {
  readonly mode: 'philox-replay';
  /** 1 for every filter sampler; an expression (`draft + 1`) where the count depends on the call's shape. */
  readonly uniformsPerRow: LaunchExpr;
  readonly subsequence: 'row';
}

/**
 * The kernel reads pre-generated uniforms from its `uniforms` parameter, which the harness fills as
 * `rocrand_generate_uniform` does for a PHILOX4_32_10 generator with the call's seed and offset
 * (src/rng/generate-uniform.ts). JSON: `{ "mode": "uniforms-in", "uniformsPerRow"?: n, "tolerance"?: t }`.
 */
export interface UniformsInRng {
  readonly mode: 'uniforms-in';
  /** The `uniforms` parameter. */
  readonly param: string;
  /** n: uniforms per row (JSON default 1); the parameter's shape is `batch` when 1, `batch*n` otherwise. */
  readonly uniformsPerRow: number;
  /**
   * Replay tolerance in units of u (JSON default DEFAULT_UNIFORMS_TOLERANCE): a token is accepted when it is the
   * reference token for some u' with |u' − u| ≤ tolerance, since the kernel's cumulative sums are fp32.
   */
  readonly tolerance: number;
}

/** The kernel draws its own numbers from its seed/offset parameters in a way the harness cannot replay. */
export interface SeededRng {
  readonly mode: 'seeded';
}

export type RngUse = PhiloxReplayRng | UniformsInRng | SeededRng;

/**
 * Default replay tolerance of `uniforms-in`: 1e-4 ≈ 1678 · 2^-24, the worst-case relative rounding error of an fp32
 * sum whose longest sequential chain has about 1700 additions (a row of 151,936 entries split over 128 threads,
 * plus the block's tree), relative to a row mass of 1.
 */
export const DEFAULT_UNIFORMS_TOLERANCE = 1e-4;

/**
 * What a kernel does with an invalid row (NaN/inf entries, zero mass, an out-of-range per-row parameter):
 * - `flag`: token 0 and valid 0 (docs/design.md) — the default when the entry has a valid output;
 * - `in-range`: no flag; any token in [0, vocab), never a crash (token outputs only);
 * - `unspecified`: the kernel assumes valid input; invalid rows are fed only to check that nothing crashes or
 *   reads out of bounds.
 */
export type InvalidRows = 'flag' | 'in-range' | 'unspecified';
export const INVALID_ROWS: readonly InvalidRows[] = ['flag', 'in-range', 'unspecified'];

/** What a kernel assumes of its input rows. */
export interface InputAssumptions {
  /** Rows must sum to 1 (probability inputs only). JSON default false. */
  readonly normalized: boolean;
}

/** A tie policy the kernel promises; `any` accepts every set between `exact` and `ties-kept`. */
export type DeclaredTiePolicy = TiePolicy | 'any';
export const DECLARED_TIE_POLICIES: readonly DeclaredTiePolicy[] = ['ties-kept', 'exact', 'any'];

/** One launch of a pipeline. */
export interface PipelineStage {
  readonly function: string;
  readonly launch: LaunchRule;
  /** Names of entry parameters and intermediates, in this function's own ABI order. */
  readonly args: readonly string[];
}

/** A device buffer one stage writes and a later one reads; allocated by the binding, never seen by the host. */
export interface IntermediateBuffer {
  readonly name: string;
  readonly type: Exclude<PointerType, 'void*'>;
  readonly shape: 'batch*vocab' | 'batch';
}

/**
 * Which parameters of a `chain-speculative` entry hold what (JSON field `speculative`; `accepted` and `emitted`
 * are required, the rest default to the only parameter of their shape).
 */
export interface SpeculativeBuffers {
  /** `in`, shape `batch*draft*vocab`: the draft model's probability rows. */
  readonly draftProbs: string;
  /** `in`, `i32*`, shape `batch*draft`: the draft tokens, drawn from those rows. */
  readonly draftTokens: string;
  /** `in`, shape `batch*(draft+1)*vocab`: the target model's rows, one more than the draft's (the bonus row). */
  readonly targetProbs: string;
  /** `out`, `i32*`, shape `batch*(draft+1)`: the emitted tokens, then -1 padding. */
  readonly tokens: string;
  /** `out`, `i32*`, shape `batch`: draft tokens whose own acceptance test passed, at every position. */
  readonly accepted: string;
  /** `out`, `i32*`, shape `batch`: draft tokens emitted (the accepted prefix). */
  readonly emitted: string;
}

export interface ManifestEntry {
  readonly name: string;
  /** Source file, relative to the manifest's directory (every stage of a pipeline comes from it). */
  readonly file: string;
  /** extern "C" symbol; for a pipeline, the final stage's (all of them: `stages`). */
  readonly function: string;
  readonly family: KernelFamily;
  /** In ABI order (for a pipeline: the call's parameters; each stage orders its own `args`). */
  readonly params: readonly KernelParam[];
  /** For a pipeline, the final stage's launch rule. */
  readonly launch: LaunchRule;
  readonly reference: ReferenceSpec;
  /** null for kernels without a tie-sensitive filter. */
  readonly tiePolicy: DeclaredTiePolicy | null;
  /** null for kernels that draw no random numbers. */
  readonly rng: RngUse | null;
  /** Global-memory workspace for the `workspace` parameter (same expression language as launch; JSON default 0). */
  readonly workspaceBytes: LaunchExpr;
  /** One description per out/inout parameter. */
  readonly outputs: Readonly<Record<string, string>>;
  /** Optional time budget of one call (see TimeBudget); absent: the global watchdog budget applies. */
  readonly budget?: TimeBudget;
  /**
   * Token ops: the out parameter holding the sampled token (JSON default: the out parameter named `token`, else the
   * only out parameter of shape `batch` that is not the valid output). null for other ops.
   */
  readonly tokenOutput: string | null;
  /** The out parameter holding the valid flag (JSON default: the out parameter named `valid`), or null for none. */
  readonly validOutput: string | null;
  readonly invalidRows: InvalidRows;
  readonly assumes: InputAssumptions;
  /** The launches of one call, in order: one for a single-kernel entry (args = params), several for a pipeline. */
  readonly stages: readonly PipelineStage[];
  /** Buffers passed between pipeline stages (JSON field `intermediates`, only with `stages`). */
  readonly intermediates: readonly IntermediateBuffer[];
  /** Present exactly for op `chain-speculative`: its buffers (SpeculativeBuffers). */
  readonly speculative?: SpeculativeBuffers;
  /**
   * Notes for a person, e.g. the guesses scripts/init-manifest.ts made that someone should confirm; the harness keeps
   * them (a report may list an entry's unreviewed guesses) and never interprets them.
   */
  readonly review?: readonly string[];
  /**
   * Present for an element-type variant (src/manifest/variants.ts): the entry it is, but for the element type of its
   * row input or of its indices. Everything else is that base entry's description.
   */
  readonly variantOf?: string;
}

/**
 * A per-kernel time budget for one call (the sum of its launches), GPU-timed:
 * `baseMs + msPerMElement · batch·vocab / 10^6`. Set from measured times with a wide margin; it makes a kernel that
 * is correct but far too slow (a serial loop) fail, which the global hang watchdog (hundreds of ms) cannot. A shape
 * term is needed because a single number either rejects a correct kernel at the largest batch or accepts a serial
 * one at batch 1.
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

/** Grid, block, dynamic shared memory and launch API of one launch. */
export interface ResolvedLaunch {
  readonly grid: number;
  readonly block: number;
  readonly sharedBytes: number;
  readonly cooperative: boolean;
  /** The split factor the launch used; present exactly when its rule declares `split`. */
  readonly parts?: number;
}

/**
 * The shape of one call. `batch` is the number of output rows (the launch's rows); `inputBatch` the number of input
 * rows of an entry with `indices` (default `batch`); `draft` the draft tokens per row of a speculative sampler.
 */
export interface LaunchShape {
  readonly batch: number;
  readonly vocab: number;
  readonly inputBatch?: number;
  readonly draft?: number;
}

/** What launch rules may read of the device (DeviceInfo at bind time). */
export interface LaunchDevice {
  readonly multiprocessors: number;
}
