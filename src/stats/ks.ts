/**
 * One-sample Kolmogorov–Smirnov test against U(0, 1), used to check that p-values are calibrated.
 * The p-value is the asymptotic Kolmogorov distribution evaluated at Stephens' small-sample corrected
 * statistic (√n + 0.12 + 0.11/√n)·D, accurate to about 1e-3 absolute for n ≥ 100; smaller n is refused
 * rather than answered approximately.
 */

export const KS_MIN_N = 100;

export interface KsResult {
  /** D = sup |F_n(x) − x|. */
  readonly statistic: number;
  readonly pValue: number;
  readonly n: number;
}

/** P(K > t) for the Kolmogorov distribution; two series, each used where it converges in a few terms. */
export function kolmogorovSurvival(t: number): number {
  if (Number.isNaN(t)) throw new RangeError('t must not be NaN');
  if (t <= 0) return 1;
  if (t < 1.18) {
    // 1 − √(2π)/t · Σ_k exp(−(2k − 1)² π² / (8t²))
    let s = 0;
    for (let k = 1; k <= 20; k++) s += Math.exp(-((2 * k - 1) ** 2) * Math.PI ** 2 / (8 * t * t));
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / t) * s));
  }
  // 2 Σ_k (−1)^{k−1} exp(−2k²t²)
  let s = 0;
  for (let k = 1; k <= 20; k++) s += (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * t * t);
  return Math.min(1, Math.max(0, 2 * s));
}

export function ksUniform(values: ArrayLike<number>): KsResult {
  const n = values.length;
  if (n < KS_MIN_N) throw new RangeError(`values must hold at least ${KS_MIN_N} numbers, got ${n}`);
  const sorted = Float64Array.from(values);
  sorted.forEach((v, i) => {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`values[${i}] must be a number in [0, 1], got ${v}`);
  });
  sorted.sort();
  let d = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i] as number;
    d = Math.max(d, (i + 1) / n - x, x - i / n);
  }
  const sqrtN = Math.sqrt(n);
  return { statistic: d, pValue: kolmogorovSurvival((sqrtN + 0.12 + 0.11 / sqrtN) * d), n };
}
