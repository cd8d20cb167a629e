/**
 * The speed targets of issue 4 and their evaluation for one bench row. Bandwidths are GB/s of bytes moved (read plus
 * written), the unit copyBandwidth() reports, so "one read of the input at copy bandwidth" takes inputBytes / copy.
 */
export type BenchKind = 'sampling-filtered' | 'sampling' | 'softmax' | 'prefix-sum';

export interface BenchMeasure {
  readonly kernel: string;
  readonly kind: BenchKind;
  readonly batch: number;
  readonly vocab: number;
  readonly medianMs: number;
  /** Bytes of one read of the input rows. */
  readonly inputBytes: number;
  /** Bytes the kernel writes (outputs). */
  readonly outputBytes: number;
}

export interface TargetVerdict {
  /** What is required, in words, or null where no target applies to this row. */
  readonly target: string | null;
  readonly met: boolean | null;
  /** How far off, in words, when not met. */
  readonly gap: string | null;
}

export interface BenchMetrics {
  readonly gbPerS: number;
  readonly pctOfCopy: number;
  /** median / (one read of the input at copy bandwidth). */
  readonly xOneRead: number;
}

export const TARGET_SHAPE = { batch: 64, vocab: 151_936 } as const;
export const LARGEST_SHAPE = { batch: 1024, vocab: 256_000 } as const;
export const FILTERED_MAX_X_ONE_READ = 3;
export const STREAMING_MIN_PCT_OF_COPY = 70;
export const BATCH1_SAMPLING_MAX_US = 15;
export const SAMPLING_BUDGET_MS = 500;
/** "Far under" the budget, made concrete: a tenth of it. */
export const LARGEST_SHAPE_MAX_MS = SAMPLING_BUDGET_MS / 10;

export function benchMetrics(m: BenchMeasure, copyGbPerS: number): BenchMetrics {
  if (!(copyGbPerS > 0) || !Number.isFinite(copyGbPerS)) throw new RangeError(`copyGbPerS must be a positive finite GB/s, got ${copyGbPerS}`);
  if (!(m.medianMs > 0) || !Number.isFinite(m.medianMs)) throw new RangeError(`${m.kernel}: medianMs must be a positive finite time, got ${m.medianMs}`);
  const gbPerS = (m.inputBytes + m.outputBytes) / (m.medianMs * 1e6);
  const oneReadMs = m.inputBytes / (copyGbPerS * 1e6);
  return { gbPerS, pctOfCopy: (100 * gbPerS) / copyGbPerS, xOneRead: m.medianMs / oneReadMs };
}

const isShape = (m: BenchMeasure, s: { batch: number; vocab: number }): boolean => m.batch === s.batch && m.vocab === s.vocab;
const fmt = (x: number, digits = 2): string => x.toFixed(digits);

/** The target that applies to a row (the strictest, when several do) and whether it was met. */
export function evaluateTarget(m: BenchMeasure, copyGbPerS: number): TargetVerdict {
  const { pctOfCopy, xOneRead } = benchMetrics(m, copyGbPerS);
  if (isShape(m, LARGEST_SHAPE)) {
    const met = m.medianMs <= LARGEST_SHAPE_MAX_MS;
    return { target: `≤ ${LARGEST_SHAPE_MAX_MS} ms (budget ${SAMPLING_BUDGET_MS} ms / 10)`, met, gap: met ? null : `${fmt(m.medianMs)} ms is ${fmt(m.medianMs / LARGEST_SHAPE_MAX_MS)}× the target` };
  }
  if (m.batch === 1 && (m.kind === 'sampling' || m.kind === 'sampling-filtered')) {
    const us = m.medianMs * 1000;
    const met = us <= BATCH1_SAMPLING_MAX_US;
    return { target: `≤ ${BATCH1_SAMPLING_MAX_US} µs`, met, gap: met ? null : `${fmt(us, 1)} µs, ${fmt(us - BATCH1_SAMPLING_MAX_US, 1)} µs over` };
  }
  if (!isShape(m, TARGET_SHAPE)) return { target: null, met: null, gap: null };
  if (m.kind === 'sampling-filtered') {
    const met = xOneRead <= FILTERED_MAX_X_ONE_READ;
    return { target: `≤ ${FILTERED_MAX_X_ONE_READ}× one read`, met, gap: met ? null : `${fmt(xOneRead)}× one read, ${fmt(xOneRead / FILTERED_MAX_X_ONE_READ)}× over` };
  }
  if (m.kind === 'softmax' || m.kind === 'prefix-sum') {
    const met = pctOfCopy >= STREAMING_MIN_PCT_OF_COPY;
    return { target: `≥ ${STREAMING_MIN_PCT_OF_COPY} % of copy`, met, gap: met ? null : `${fmt(pctOfCopy, 1)} % of copy, ${fmt(STREAMING_MIN_PCT_OF_COPY - pctOfCopy, 1)} points short` };
  }
  return { target: null, met: null, gap: null };
}
