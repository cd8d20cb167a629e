/**
 * The kernel speed targets (H200, the bench's own conditions: LLM-shaped fp32 rows, k = 50, p = 0.9, queued GPU-event
 * timing, median) and their evaluation for one bench row. Every target is a time bound: a bandwidth target is turned
 * into the time that moving the row's bytes at that fraction of the copy bandwidth takes, so one ratio
 * (median / allowed time; ≤ 1 is met) reads the same for every row. Bandwidths are GB/s of bytes moved (read plus
 * written), the unit copyBandwidth() reports, so "one read of the input at copy bandwidth" takes inputBytes / copy.
 */
export type BenchKind = 'sampling-filtered' | 'sampling' | 'softmax' | 'prefix-sum';

/** What a kernel computes, as far as the targets distinguish it; null: no target names it (min-p, logits). */
export type TargetFamily = 'top-p' | 'top-k' | 'top-k-top-p' | 'plain' | 'softmax' | 'prefix-sum';

export interface BenchMeasure {
  readonly kernel: string;
  readonly kind: BenchKind;
  readonly family: TargetFamily | null;
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
  /** median / allowed time (the strictest applicable bound): ≤ 1 is met; null without a target. */
  readonly ratio: number | null;
}

export interface BenchMetrics {
  readonly gbPerS: number;
  readonly pctOfCopy: number;
  /** median / (one read of the input at copy bandwidth). */
  readonly xOneRead: number;
}

interface Shape {
  readonly batch: number;
  readonly vocab: number;
}

const shapeKey = (s: Shape): string => `${s.batch}x${s.vocab}`;

/**
 * FlashInfer (fb28d72, its own host API, deterministic mode) on the same H200 with the same rows, parameters and
 * timing, in µs. "plain" is its sampling_from_probs, "top-k-top-p" its joint order.
 */
export const FLASHINFER_US: Readonly<Partial<Record<TargetFamily, Readonly<Record<string, number>>>>> = {
  'top-p': { '1x151936': 33.8, '64x151936': 78.0, '256x151936': 143.4, '1024x256000': 647.9 },
  'top-k': { '1x151936': 65.2, '64x151936': 183.0, '256x151936': 305.9, '1024x256000': 1546.5 },
  'top-k-top-p': { '1x151936': 64.3, '64x151936': 179.8, '256x151936': 301.4, '1024x256000': 1520.8 },
  plain: { '1x151936': 19.6, '64x151936': 35.8, '256x151936': 78.5, '1024x256000': 349.7 },
};

/** torch 2.11 on the same H200 at batch 1 (softmax, cumsum), µs: the bound for the row transforms there. */
export const TORCH_BATCH1_US: Readonly<Partial<Record<TargetFamily, number>>> = { softmax: 39.6, 'prefix-sum': 6.9 };

/** Absolute bounds, µs, by family and shape. */
export const ABSOLUTE_US: Readonly<Partial<Record<TargetFamily, Readonly<Record<string, number>>>>> = {
  'top-p': { '64x151936': 40, '1x151936': 20, '1024x256000': 600 },
  'top-k': { '64x151936': 40, '1x151936': 20 },
  'top-k-top-p': { '64x151936': 40 },
  plain: { '1x151936': 10 },
};

/** Row transforms: at least this share of the copy bandwidth (one read + one write) at these shapes. */
export const STREAMING_MIN_PCT_OF_COPY = 70;
export const STREAMING_SHAPES: readonly Shape[] = [
  { batch: 64, vocab: 151_936 },
  { batch: 256, vocab: 151_936 },
];

export const TARGET_SHAPE = { batch: 64, vocab: 151_936 } as const;
export const LARGEST_SHAPE = { batch: 1024, vocab: 256_000 } as const;

export function benchMetrics(m: BenchMeasure, copyGbPerS: number): BenchMetrics {
  if (!(copyGbPerS > 0) || !Number.isFinite(copyGbPerS)) throw new RangeError(`copyGbPerS must be a positive finite GB/s, got ${copyGbPerS}`);
  if (!(m.medianMs > 0) || !Number.isFinite(m.medianMs)) throw new RangeError(`${m.kernel}: medianMs must be a positive finite time, got ${m.medianMs}`);
  const gbPerS = (m.inputBytes + m.outputBytes) / (m.medianMs * 1e6);
  const oneReadMs = m.inputBytes / (copyGbPerS * 1e6);
  return { gbPerS, pctOfCopy: (100 * gbPerS) / copyGbPerS, xOneRead: m.medianMs / oneReadMs };
}

interface Bound {
  readonly us: number;
  readonly what: string;
}

/** Every bound that applies to a row, each as an allowed time in µs. */
export function boundsFor(m: BenchMeasure, copyGbPerS: number): Bound[] {
  if (m.family === null) return [];
  const key = shapeKey(m);
  const out: Bound[] = [];
  const abs = ABSOLUTE_US[m.family]?.[key];
  if (abs !== undefined) out.push({ us: abs, what: `≤ ${abs} µs` });
  const fi = FLASHINFER_US[m.family]?.[key];
  if (fi !== undefined) out.push({ us: fi, what: `≤ FlashInfer ${fi} µs` });
  const torch = m.batch === 1 && m.vocab === 151_936 ? TORCH_BATCH1_US[m.family] : undefined;
  if (torch !== undefined) out.push({ us: torch, what: `≤ torch ${torch} µs` });
  if ((m.family === 'softmax' || m.family === 'prefix-sum') && STREAMING_SHAPES.some((s) => shapeKey(s) === key)) {
    const us = ((m.inputBytes + m.outputBytes) / (copyGbPerS * 1e6 * (STREAMING_MIN_PCT_OF_COPY / 100))) * 1000;
    out.push({ us, what: `≥ ${STREAMING_MIN_PCT_OF_COPY} % of copy (${us.toFixed(1)} µs)` });
  }
  return out;
}

const fmt = (x: number, digits = 1): string => x.toFixed(digits);

/** Whether the row meets every bound that applies to it; the ratio is to the strictest. */
export function evaluateTarget(m: BenchMeasure, copyGbPerS: number): TargetVerdict {
  benchMetrics(m, copyGbPerS);  // validates the measure
  const bounds = boundsFor(m, copyGbPerS);
  if (bounds.length === 0) return { target: null, met: null, gap: null, ratio: null };
  const strictest = bounds.reduce((a, b) => (b.us < a.us ? b : a));
  const us = m.medianMs * 1000;
  const ratio = us / strictest.us;
  const met = ratio <= 1;
  return {
    target: bounds.map((b) => b.what).join('; '),
    met,
    gap: met ? null : `${fmt(us)} µs is ${fmt(ratio, 2)}× the ${fmt(strictest.us)} µs allowed`,
    ratio,
  };
}
