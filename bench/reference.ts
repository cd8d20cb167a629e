/**
 * Median wall time of the reference filters + sampling on LLM-shaped rows (vocab 151,936).
 * Run: npx tsx bench/reference.ts   (budget: top-p mask + sample ≤ 5 ms per row)
 */
import { minPMask, sampleInverseCdf, topKMask, topKTopPMask, topPMask } from '../src/reference/index.ts';

const VOCAB = 151_936;
const ROWS = 8;
const REPEATS = 15;

/** mulberry32: a tiny seeded generator, enough for bench inputs. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Softmax of Gaussian logits (σ = 3) plus a few boosted tokens: a long tail under a handful of likely tokens. */
function llmRow(random: () => number): Float32Array {
  const logits = new Float64Array(VOCAB);
  for (let i = 0; i < VOCAB; i++) {
    const g = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    logits[i] = 3 * g;
  }
  for (let j = 0; j < 5; j++) logits[Math.floor(random() * VOCAB)] = 20 + 3 * random();
  let max = -Infinity;
  for (const x of logits) max = Math.max(max, x);
  let sum = 0;
  for (let i = 0; i < VOCAB; i++) sum += Math.exp((logits[i] as number) - max);
  const row = new Float32Array(VOCAB);
  for (let i = 0; i < VOCAB; i++) row[i] = Math.exp((logits[i] as number) - max) / sum;
  return row;
}

function medianMs(label: string, rows: Float32Array[], op: (row: Float32Array, u: number) => void): void {
  const times: number[] = [];
  for (let rep = 0; rep < REPEATS; rep++) {
    for (const row of rows) {
      const start = performance.now();
      op(row, 0.5);
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] as number;
  console.log(`${label.padEnd(34)} median ${median.toFixed(3)} ms  (${times.length} runs)`);
}

const random = seeded(12345);
const rows = Array.from({ length: ROWS }, () => llmRow(random));
medianMs('top-k 50 (ties-kept) + sample', rows, (r, u) => sampleInverseCdf(r, topKMask(r, 50, 'ties-kept'), u));
medianMs('top-p 0.9 (exact) + sample', rows, (r, u) => sampleInverseCdf(r, topPMask(r, 0.9, 'exact'), u));
medianMs('top-p 0.95 (ties-kept) + sample', rows, (r, u) => sampleInverseCdf(r, topPMask(r, 0.95, 'ties-kept'), u));
medianMs('min-p 0.05 + sample', rows, (r, u) => sampleInverseCdf(r, minPMask(r, 0.05), u));
medianMs('top-k 50 + top-p 0.9 joint + sample', rows, (r, u) =>
  sampleInverseCdf(r, topKTopPMask(r, 50, 0.9, 'joint', 'exact'), u),
);
medianMs('top-k 1000 + top-p 0.9 topk-first', rows, (r, u) =>
  sampleInverseCdf(r, topKTopPMask(r, 1000, 0.9, 'topk-first', 'exact'), u),
);
