/**
 * Seeded LLM-shaped bench inputs: Gaussian logits (σ = 3) with a handful of boosted tokens, so a probability row has
 * a long tail under a few likely tokens, as a language model's next-token distribution does. Quick, not a fixture.
 */
export interface LlmRows {
  readonly logits: Float32Array;
  readonly probs: Float32Array;
  readonly rows: number;
  readonly vocab: number;
}

/** mulberry32: a tiny, fast seeded generator; good enough for bench inputs. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function llmRows(rows: number, vocab: number, seed: number): LlmRows {
  for (const [name, v] of [['rows', rows], ['vocab', vocab]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 2 ** 24) throw new RangeError(`llmRows: ${name} must be an integer in [1, 16777216], got ${v}`);
  }
  if (!Number.isInteger(seed)) throw new TypeError(`llmRows: seed must be an integer, got ${seed}`);
  const random = mulberry32(seed);
  const logits = new Float32Array(rows * vocab);
  const probs = new Float32Array(rows * vocab);
  const row = new Float64Array(vocab);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < vocab; i++) row[i] = 3 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    for (let j = 0; j < 5; j++) row[Math.floor(random() * vocab)] = 20 + 3 * random();
    let max = -Infinity;
    for (let i = 0; i < vocab; i++) max = Math.max(max, row[i] as number);
    let sum = 0;
    for (let i = 0; i < vocab; i++) sum += Math.exp((row[i] as number) - max);
    for (let i = 0; i < vocab; i++) {
      logits[r * vocab + i] = row[i] as number;
      probs[r * vocab + i] = Math.exp((row[i] as number) - max) / sum;
    }
  }
  return { logits, probs, rows, vocab };
}
