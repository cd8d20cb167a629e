/**
 * CPU-side checking of launch rules, where no device is known: every rule is evaluated on a fixed grid of probe
 * shapes and device sizes (realistic, not exhaustive), clipped to the entry's declared batch/vocab ranges. A rule
 * that misbehaves on a probe fails at load time naming the probe; any other shape is checked by the same function
 * at bind time (resolve-launch.ts), with the real device's multiprocessor count.
 */
import { MAX_VOCAB } from '../limits.ts';
import type { LaunchEnv } from './expr.ts';

/** Batches probed: one row, a few, a serving batch, a large one, and the largest known downstream batch. */
export const PROBE_BATCHES: readonly number[] = [1, 2, 64, 1024, 14200];
/** Vocabularies probed: trivial, small, GPT-2-like, Llama-like, Qwen-like, and the largest the contract admits. */
export const PROBE_VOCABS: readonly number[] = [1, 2, 1000, 32000, 151936, MAX_VOCAB];
/** Multiprocessor counts probed: a one-SM device, A100 (108), H100/H200 (132), MI300X (304). */
export const PROBE_MULTIPROCESSORS: readonly number[] = [1, 108, 132, 304];
/** Draft lengths probed (entries with a draft scalar): one token, the common 4, and a long chain. */
export const PROBE_DRAFTS: readonly number[] = [1, 4, 16];

/** The probe values inside [min, max] plus min itself (so a range that excludes every probe still gets one). */
function clip(values: readonly number[], [min, max]: readonly [number, number]): number[] {
  return [...new Set([min, ...values.filter((v) => v >= min && v <= max)])];
}

/**
 * Every probe environment (without `block`) for the given batch and vocab ranges, and the draft range of an entry
 * with a draft scalar (null: the entry has none, so `draft` is absent from every probe).
 */
export function probeEnvs(batchRange: readonly [number, number], vocabRange: readonly [number, number], draftRange: readonly [number, number] | null = null): LaunchEnv[] {
  const envs: LaunchEnv[] = [];
  const drafts = draftRange === null ? [undefined] : clip(PROBE_DRAFTS, draftRange);
  for (const batch of clip(PROBE_BATCHES, batchRange)) {
    for (const vocab of clip(PROBE_VOCABS, [vocabRange[0], Math.min(vocabRange[1], MAX_VOCAB)])) {
      for (const multiprocessors of PROBE_MULTIPROCESSORS) {
        for (const draft of drafts) envs.push(draft === undefined ? { batch, vocab, multiprocessors } : { batch, vocab, multiprocessors, draft });
      }
    }
  }
  return envs;
}

export function probeText(env: LaunchEnv): string {
  return `batch ${env.batch}, vocab ${env.vocab}, multiprocessors ${String(env.multiprocessors)}${env.draft === undefined ? '' : `, draft ${env.draft}`}`;
}
