/**
 * Median wall time of the reference filters + sampling on LLM-shaped rows (vocab 151,936).
 * Run: npx tsx bench/reference.ts   (budget: top-p mask + sample ≤ 5 ms per row)
 */
import { summarizeTimings } from '../harness/bench/timing-stats.ts';
import { llmRows } from '../harness/bench/llm-rows.ts';
import { minPMask, sampleInverseCdf, topKMask, topKTopPMask, topPMask } from '../src/reference/index.ts';

const VOCAB = 151_936;
const ROWS = 8;
const REPEATS = 15;

function medianMs(label: string, rows: Float32Array[], op: (row: Float32Array, u: number) => void): void {
  const times: number[] = [];
  for (let rep = 0; rep < REPEATS; rep++) {
    for (const row of rows) {
      const start = performance.now();
      op(row, 0.5);
      times.push(performance.now() - start);
    }
  }
  const median = summarizeTimings(times).medianMs;
  console.log(`${label.padEnd(34)} median ${median.toFixed(3)} ms  (${times.length} runs)`);
}

// the same LLM-shaped rows the GPU bench uses
const { probs } = llmRows(ROWS, VOCAB, 12345);
const rows = Array.from({ length: ROWS }, (_, r) => probs.subarray(r * VOCAB, (r + 1) * VOCAB));
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
