/**
 * Types shared by every layer: reference → runner → checks → report.
 * One concept per declaration; see docs/design.md for the conventions they encode.
 */

/** How a filter treats tokens equal to its boundary value (k-th value, nucleus boundary). */
export type TiePolicy =
  /** Every token equal to the boundary value is eligible (FlashInfer, vLLM's torch path). */
  | 'ties-kept'
  /** Total order by probability (descending) then index (ascending); exactly the stated set. */
  | 'exact';

/** Order in which a fused top-k + top-p filter is applied. */
export type FusedOrder =
  /** Top-k, renormalize, then top-p over the renormalized top-k mass (vLLM). */
  | 'topk-first'
  /** Token eligible iff it is in the top-k set AND in the top-p nucleus of the full row (FlashInfer "joint"). */
  | 'joint';

/** A batch of rows stored row-major: data.length === batch * vocab. */
export interface RowBatch<T extends Float32Array | Float64Array = Float32Array> {
  readonly data: T;
  readonly batch: number;
  readonly vocab: number;
}

/** A per-row or scalar parameter. */
export type PerRow<T> = T | readonly T[];

/** Result of one sampled row. valid=false for an invalid row; token is then INVALID_ROW_TOKEN. */
export interface SampledToken {
  readonly token: number;
  readonly valid: boolean;
}

/** Token written for an invalid row (NaN, all −inf logits, all-zero or negative probabilities). */
export const INVALID_ROW_TOKEN = 0;

/** Every pipeline stage reports this, never a mix of throw, null and print. */
export interface StageResult<D = unknown> {
  readonly stage: string;
  readonly ok: boolean;
  readonly detail: D;
}

/** A check's finding: what failed and where. */
export interface Finding {
  readonly row: number;
  readonly index?: number;
  readonly message: string;
  readonly values?: Readonly<Record<string, number | string | boolean | null>>;
}

/** A check result: ok iff findings is empty; `checked` counts the items examined. */
export interface CheckResult extends StageResult<{ findings: readonly Finding[]; checked: number }> {}
