/**
 * The results.json schema (version 1). CI diffs this file, so fields are only ever added, never renamed;
 * a breaking change bumps REPORT_SCHEMA_VERSION.
 */
import type { Finding } from '../types.ts';

export const REPORT_SCHEMA_VERSION = 1;

/** JSON-safe value: what task.meta can carry through the forks pool's RPC and what results.json holds. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** One kernel launch timed against the watchdog budget. */
export interface TimingRecord {
  readonly kernel: string;
  readonly batch: number;
  readonly vocab: number;
  readonly ms: number;
  readonly budgetMs: number;
  /** Bytes moved by the launch, when known (lets the reviewer derive bandwidth). */
  readonly bytes?: number;
}

/** A goodness-of-fit test of sampled tokens against the reference distribution. */
export interface ChiSquareRecord {
  readonly kernel: string;
  readonly case: string;
  readonly draws: number;
  readonly pValue: number;
  /** Holm-adjusted p-value within the family of tests of this run, when adjusted. */
  readonly holmAdjusted?: number;
  readonly df: number;
  readonly minDetectableTv: number;
  readonly power: number;
  /** Histogram after truncation: the largest cells by expected count, in index order, then "other". */
  readonly labels: readonly string[];
  readonly observed: readonly number[];
  readonly expected: readonly number[];
  /** Number of cells before truncation. */
  readonly cells: number;
}

/** A finding made JSON-safe: non-finite numbers become the strings "NaN", "Infinity", "-Infinity". */
export type ReportFinding = Finding;

/**
 * Whether a check holds every kernel to it (universal: token range, never-masked, filter guarantee, determinism,
 * stream independence, chi-square, watchdog budget, sanitizer) or only a kernel whose manifest declares the promise
 * it needs (contract: exact replay, tie policy, valid-flag policy).
 */
export type CheckScope = 'universal' | 'contract';

/** A pure check's outcome for one kernel. */
export interface CheckRecord {
  readonly kernel: string;
  readonly check: string;
  /** What the check ran on (shape, fixture, rows), kept out of `kernel` so results group by manifest entry. */
  readonly case?: string;
  readonly ok: boolean;
  readonly checked: number;
  /** The first MAX_FINDINGS findings. */
  readonly findings: readonly ReportFinding[];
  /** Total findings before truncation. */
  readonly findingCount: number;
  /** Absent in reports written before checks were scoped; read as universal. */
  readonly scope?: CheckScope;
}

/**
 * A contract check that was not run because the kernel's manifest does not declare the promise it needs: shown as
 * "not applicable (declared …)", never as passed.
 */
export interface NotApplicableRecord {
  readonly kernel: string;
  readonly check: string;
  /** The declaration that rules the check out, e.g. "rng.mode = seeded". */
  readonly declared: string;
}

/** Achieved bandwidth relative to a plain device copy of the same bytes. */
export interface BandwidthRecord {
  readonly kernel: string;
  readonly shape: string;
  readonly gbps: number;
  readonly pctOfCopy: number;
}

/** Bit-exact replay of kernel outputs through the reference. */
export interface ReplayRecord {
  readonly kernel: string;
  readonly rows: number;
  /** Rows whose token matched the reference bit for bit. */
  readonly exact: number;
  /** Rows whose target fell within tolerance of a prefix boundary (either token accepted). */
  readonly nearBoundary: number;
  readonly mismatches: number;
}

/** How to reproduce a result by hand. */
export interface ReproduceRecord {
  readonly kernel: string;
  readonly command: string;
  /** u64 seed as a decimal string (a JS number cannot hold every u64). */
  readonly seed: string;
  readonly fixture?: string;
}

/** One mutant of a kernel and whether the suites killed it. */
export interface MutantRecord {
  readonly kernel: string;
  readonly mutant: string;
  readonly killed: boolean;
  readonly killedBy?: string;
}

/** The machine the GPU suites ran on, or why they could not run. */
export interface DeviceRecord {
  readonly available: boolean;
  /** Required when available is false: why GPU tests were skipped. */
  readonly reason?: string;
  readonly name?: string;
  readonly vendor?: string;
  readonly arch?: string;
  readonly runtime?: string;
  readonly compiler?: string;
  readonly memoryBytes?: number;
  readonly multiprocessors?: number;
  readonly warpSize?: number;
  readonly driver?: string;
}

/** A generic named section for later additions (e.g. mutation score) without a schema change. */
export interface SectionRecord {
  readonly name: string;
  readonly data: JsonValue;
}

/** What a test attaches to its task.meta; `kind` selects the payload. */
export type RecordedItem =
  | { readonly kind: 'timing'; readonly data: TimingRecord }
  | { readonly kind: 'chiSquare'; readonly data: ChiSquareRecord }
  | { readonly kind: 'check'; readonly data: CheckRecord }
  | { readonly kind: 'notApplicable'; readonly data: NotApplicableRecord }
  | { readonly kind: 'bandwidth'; readonly data: BandwidthRecord }
  | { readonly kind: 'replay'; readonly data: ReplayRecord }
  | { readonly kind: 'reproduce'; readonly data: ReproduceRecord }
  | { readonly kind: 'mutant'; readonly data: MutantRecord }
  | { readonly kind: 'device'; readonly data: DeviceRecord }
  | { readonly kind: 'section'; readonly data: SectionRecord };

export type RecordKind = RecordedItem['kind'];

/** Where a record came from, so a reviewer can go from a number to its test. */
export interface Sourced {
  readonly test: string;
}

export interface KernelResults {
  readonly checks: readonly (CheckRecord & Sourced)[];
  /** Contract checks not run for this kernel (a reader of a report written before they existed finds none). */
  readonly notApplicable: readonly (NotApplicableRecord & Sourced)[];
  readonly timings: readonly (TimingRecord & Sourced)[];
  readonly chiSquare: readonly (ChiSquareRecord & Sourced)[];
  readonly bandwidth: readonly (BandwidthRecord & Sourced)[];
  readonly replay: readonly (ReplayRecord & Sourced)[];
  readonly reproduce: readonly (ReproduceRecord & Sourced)[];
  readonly mutants: readonly (MutantRecord & Sourced)[];
}

export type TestState = 'passed' | 'failed' | 'skipped';

export interface TestError {
  readonly message: string;
  readonly stack?: string;
}

export interface TestEntry {
  readonly file: string;
  readonly name: string;
  readonly fullName: string;
  readonly project: string;
  readonly state: TestState;
  readonly skipReason?: string;
  readonly durationMs?: number;
  readonly errors: readonly TestError[];
  readonly recorded: number;
}

/**
 * How vitest ended the run. 'aborted': it stopped before any test file ran (a startup error such as a configuration
 * check in globalSetup, or no test file matched the filter).
 */
export type RunEnd = 'passed' | 'failed' | 'interrupted' | 'aborted';

export interface RunRecord {
  readonly end: RunEnd;
  /** Why an aborted run stopped, or why a run failed without a failed test. */
  readonly cause?: string;
}

/**
 * An error outside any test: a file whose import or top-level code threw (none of its tests ran), or a suite whose
 * beforeAll/afterAll hook threw.
 */
export interface FileError extends TestError {
  readonly file: string;
  /** The suite whose hook failed; absent for the file itself. */
  readonly suite?: string;
}

export interface ReportResults {
  readonly schema: typeof REPORT_SCHEMA_VERSION;
  /** When the report was written (the end of the run). */
  readonly createdAt: string;
  /** When the run started: an artifact written before it describes an earlier state of the tree. */
  readonly startedAt?: string;
  /** Absent in reports written before runs recorded how they ended. */
  readonly run?: RunRecord;
  readonly git: { readonly commit?: string };
  readonly device?: DeviceRecord;
  readonly environment: { readonly node: string; readonly platform: string; readonly ci: boolean };
  readonly summary: { readonly passed: number; readonly failed: number; readonly skipped: number };
  readonly kernels: { readonly [kernel: string]: KernelResults };
  readonly sections: { readonly [name: string]: readonly (JsonValue)[] };
  readonly unhandledErrors: readonly TestError[];
  /** Errors outside any test; absent in reports written before they were recorded. */
  readonly fileErrors?: readonly FileError[];
  readonly tests: readonly TestEntry[];
}
