/**
 * Boundary selection without a full sort: the minimal prefix, in the total order "value descending, then index
 * ascending", whose cumulative weight reaches a target. Top-k (weight 1 each, target k) and top-p (weight
 * q_i = floor(w_i·2^32), target p·T) are both this question.
 *
 * Values must be finite and ≥ 0 (valid probability rows). For non-negative IEEE numbers the bit pattern (with the
 * sign bit cleared, which maps −0 to +0) is monotone in the value, so a 65,536-bucket histogram over the top 16
 * bits finds the bucket that holds the boundary in one pass, and a second histogram over the next 16 bits of that
 * bucket's members narrows it to a few values; only those are sorted. Weights are integers (counts or fixed-point
 * masses), so bucket sums are exact whatever the order.
 */
import { FIXED_POINT_ONE } from './fixed-point.ts';

/** What each candidate weighs: 1 (top-k) or its fixed-point mass (top-p). */
export type SelectWeight = 'count' | 'mass';

const BUCKETS = 65536;
const bucketWeight = new Float64Array(BUCKETS);
let scratch = new Float64Array(0);
let scratchWords = new Uint32Array(0);
let memberScratch = new Int32Array(0);
// Index of the high 32-bit word of a float64 inside a Uint32Array view: depends on the platform's byte order.
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

export interface DescendingBoundary {
  /** The value of the last member of the minimal prefix. */
  readonly value: number;
  /** Index of the last member of the minimal prefix (the exact policy includes ties up to this index). */
  readonly lastIndex: number;
  /** Σ weight over candidates with value > `value`. */
  readonly weightAbove: number;
  /** Σ weight over candidates with value ≥ `value` (the ties-kept set). */
  readonly weightAtOrAbove: number;
  /** Σ weight over the exact prefix (ends at `lastIndex`). */
  readonly weightExact: number;
}

/** 32 monotone key bits per value: fp32 bits directly, else the high word of the float64 bits. */
function keyWords(values: ArrayLike<number>): { words: Uint32Array; stride: number; offset: number } {
  if (values instanceof Float32Array) {
    return { words: new Uint32Array(values.buffer, values.byteOffset, values.length), stride: 1, offset: 0 };
  }
  const n = values.length;
  if (scratch.length < n) {
    scratch = new Float64Array(n);
    scratchWords = new Uint32Array(scratch.buffer);
  }
  for (let i = 0; i < n; i++) scratch[i] = values[i] as number;
  return { words: scratchWords, stride: 2, offset: HIGH_WORD };
}

/**
 * Finds the minimal prefix reaching `target` among candidates (`candidate[i] = 1`, or every index when null).
 * Returns null when the candidates' total weight is below `target` (the whole candidate set is then the answer).
 */
export function selectDescending(
  values: ArrayLike<number>,
  weight: SelectWeight,
  target: number,
  candidate: Uint8Array | null,
): DescendingBoundary | null {
  const n = values.length;
  const { words, stride, offset } = keyWords(values);
  const byMass = weight === 'mass';
  const weightOf = (i: number): number => (byMass ? Math.floor((values[i] as number) * FIXED_POINT_ONE) : 1);

  bucketWeight.fill(0);
  let maxBucket = 0;
  for (let i = 0; i < n; i++) {
    if (candidate !== null && candidate[i] === 0) continue;
    const bucket = ((words[i * stride + offset] as number) & 0x7fffffff) >>> 16;
    bucketWeight[bucket] =
      (bucketWeight[bucket] as number) + (byMass ? Math.floor((values[i] as number) * FIXED_POINT_ONE) : 1);
    if (bucket > maxBucket) maxBucket = bucket;
  }
  let above = 0;
  let bucket = maxBucket;
  for (; bucket >= 0; bucket--) {
    const w = bucketWeight[bucket] as number;
    if (above + w >= target) break;
    above += w;
  }
  if (bucket < 0) return null;

  if (memberScratch.length < n) memberScratch = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (candidate !== null && candidate[i] === 0) continue;
    if (((words[i * stride + offset] as number) & 0x7fffffff) >>> 16 === bucket) memberScratch[count++] = i;
  }
  bucketWeight.fill(0);
  let maxSub = 0;
  for (let m = 0; m < count; m++) {
    const i = memberScratch[m] as number;
    const sub = (words[i * stride + offset] as number) & 0xffff;
    bucketWeight[sub] = (bucketWeight[sub] as number) + weightOf(i);
    if (sub > maxSub) maxSub = sub;
  }
  let sub = maxSub;
  for (; sub > 0; sub--) {
    const w = bucketWeight[sub] as number;
    if (above + w >= target) break;
    above += w;
  }
  const members: number[] = [];
  for (let m = 0; m < count; m++) {
    const i = memberScratch[m] as number;
    if (((words[i * stride + offset] as number) & 0xffff) === sub) members.push(i);
  }
  members.sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);

  let cumulative = above;
  let last = -1;
  for (const i of members) {
    cumulative += weightOf(i);
    if (cumulative >= target) {
      last = i;
      break;
    }
  }
  // The sub-bucket's total reaches the target (sub 0 takes what is left), so the walk stops on a member.
  const value = values[last] as number;
  let weightAbove = above;
  let weightAtOrAbove = above;
  for (const i of members) {
    const v = values[i] as number;
    if (v > value) weightAbove += weightOf(i);
    if (v >= value) weightAtOrAbove += weightOf(i);
  }
  return { value, lastIndex: last, weightAbove, weightAtOrAbove, weightExact: cumulative };
}
