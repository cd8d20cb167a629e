/** What compare mode computes (written as compare.json and drawn as compare.html). */
import type { CellState } from '../matrix.ts';
import type { CheckScope } from '../schema.ts';
import type { VerdictStatus } from '../verdict.ts';

export const COMPARE_SCHEMA_VERSION = 1;

/** One side of the comparison. */
export interface RunSide {
  readonly path: string;
  readonly commit?: string;
  readonly createdAt: string;
  /** "NVIDIA H200 (sm_90)", or undefined when the run had no GPU. */
  readonly device?: string;
  readonly verdict: { readonly status: VerdictStatus; readonly summary: string };
}

export type ChangeKind =
  | 'regression' // a check passed on base and fails on head
  | 'new-failure' // a check new on head that fails
  | 'no-longer-run' // passed on base, not run on head
  | 'now-not-applicable' // ran on base, declared not applicable on head
  | 'new-kernel'
  | 'removed-kernel'
  | 'fixed'; // failed on base, passes on head

export interface VerdictChange {
  readonly kind: ChangeKind;
  readonly kernel: string;
  readonly check?: string;
  readonly text: string;
}

/** A matrix cell on each side; 'absent' when the kernel is not in that run. */
export type SideState = CellState | 'absent';

export interface CompareMatrixRow {
  readonly kernel: string;
  readonly cells: Readonly<Record<string, { readonly base: SideState; readonly head: SideState }>>;
}

export interface CompareMatrix {
  readonly columns: readonly { readonly check: string; readonly scope: CheckScope }[];
  readonly rows: readonly CompareMatrixRow[];
}

export interface Timing {
  readonly medianMs: number;
  readonly p10Ms: number;
  readonly p90Ms: number;
}

/**
 * slower / faster: the two p10–p90 ranges do not overlap (the difference is outside both runs' spread);
 * noise: they overlap; failed: a launch failed on that side; new / removed: the row exists on one side only.
 */
export type PerfFlag = 'slower' | 'faster' | 'noise' | 'failed' | 'new' | 'removed';

export interface PerfRow {
  readonly kernel: string;
  readonly batch: number;
  readonly vocab: number;
  readonly base?: Timing;
  readonly head?: Timing;
  /** head median / base median. */
  readonly ratio?: number;
  readonly flag: PerfFlag;
  /** A measured slowdown beyond --fail-on-slower (never set on noise, or when devices differ). */
  readonly failsGate: boolean;
}

export interface Section<R> {
  /** Why the section has no rows (an artifact absent or stale on one side). */
  readonly unavailable?: string;
  readonly rows: readonly R[];
}

export interface ChiSide {
  readonly pValue: number;
  readonly holmAdjusted?: number;
  readonly minDetectableTv: number;
  readonly power: number;
  readonly failed: boolean;
}

export interface ChiRow {
  readonly kernel: string;
  /** The case without its seed, so runs with other seeds still line up. */
  readonly case: string;
  readonly base?: ChiSide;
  readonly head?: ChiSide;
}

export interface GateChange {
  readonly kernel: string;
  readonly target: string;
  readonly field: string;
  readonly base: string | number | null;
  readonly head: string | number | null;
}

export interface CompareReport {
  readonly schema: typeof COMPARE_SCHEMA_VERSION;
  readonly createdAt: string;
  readonly base: RunSide;
  readonly head: RunSide;
  /** Different devices or commits, stale artifacts: stated at the top. */
  readonly notes: readonly string[];
  readonly timingsComparable: boolean;
  readonly failOnSlowerPct?: number;
  readonly changes: readonly VerdictChange[];
  readonly matrix: CompareMatrix;
  readonly performance: Section<PerfRow>;
  readonly chiSquare: Section<ChiRow>;
  readonly compileGates: Section<GateChange> & { readonly unchanged: number };
  /** Why the gate fails (empty: exit 0). */
  readonly failures: readonly string[];
}
