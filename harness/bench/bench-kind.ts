/** Which manifest entries the bench times, how their targets treat them, and which input rows they read. */
import type { ManifestEntry } from '../../src/manifest/types.ts';
import type { BenchKind, TargetFamily } from './targets.ts';

/** null: not a sampling, softmax or prefix-sum kernel, so not benched. */
export function benchKindOf(entry: ManifestEntry): BenchKind | null {
  const { op, filter } = entry.reference;
  if (op === 'sample') return filter === 'top-k' || filter === 'top-p' || filter === 'top-k-top-p' ? 'sampling-filtered' : 'sampling';
  if (op === 'sample-logits') return 'sampling';
  if (op === 'softmax') return 'softmax';
  if (op === 'prefix-sum') return 'prefix-sum';
  return null;
}

/**
 * Which targets hold a kernel (harness/bench/targets.ts); null: none names it (min-p, logits, renorm, …), or the
 * entry is an element-type variant (the targets are stated for fp32 rows; its base carries them).
 */
export function targetFamilyOf(entry: ManifestEntry): TargetFamily | null {
  if (entry.variantOf !== undefined) return null;
  const { op, filter } = entry.reference;
  if (op === 'softmax') return 'softmax';
  if (op === 'prefix-sum') return 'prefix-sum';
  if (op !== 'sample') return null;
  switch (filter) {
    case 'top-p':
      return 'top-p';
    case 'top-k':
      return 'top-k';
    case 'top-k-top-p':
      return 'top-k-top-p';
    case 'none':
      return 'plain';
    default:
      return null;
  }
}

/** Probability rows for ops defined on probabilities, logit rows for the rest. */
export function inputKindOf(entry: ManifestEntry): 'probs' | 'logits' {
  const { op } = entry.reference;
  return op === 'sample' || op === 'prefix-sum' || op === 'renorm' ? 'probs' : 'logits';
}

/** Typical serving values for the filter scalars, so a bench times the common case rather than a no-op filter. */
export const BENCH_SCALARS: Readonly<Record<string, number>> = { top_k: 50, top_p: 0.9, min_p: 0.05, temperature: 0.7 };
