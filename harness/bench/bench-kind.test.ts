import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/load.ts';
import { BENCH_SCALARS, benchKindOf, inputKindOf, targetFamilyOf } from './bench-kind.ts';

const entries = loadManifest(path.resolve(import.meta.dirname, '..', '..', 'kernels')).entries;
const byName = (n: string) => {
  const e = entries.find((x) => x.name === n);
  if (!e) throw new Error(`manifest has no ${n}`);
  return e;
};

describe('benchKindOf / inputKindOf on kernels/manifest.json', () => {
  it('classifies each benched kind (filtered sampling, sampling, softmax, prefix sum) and leaves a renorm kernel out', () => {
    expect(benchKindOf(byName('top_k_top_p_sampling_joint_exact'))).toBe('sampling-filtered');
    expect(benchKindOf(byName('top_p_sampling_ties_kept'))).toBe('sampling-filtered');
    expect(benchKindOf(byName('min_p_sampling'))).toBe('sampling');
    expect(benchKindOf(byName('sampling_from_logits'))).toBe('sampling');
    expect(benchKindOf(byName('softmax'))).toBe('softmax');
    expect(benchKindOf(byName('inclusive_prefix_sum'))).toBe('prefix-sum');
    expect(benchKindOf(byName('top_k_renorm_probs_exact'))).toBeNull();
    expect(inputKindOf(byName('sampling_from_logits'))).toBe('logits');
    expect(inputKindOf(byName('inclusive_prefix_sum'))).toBe('probs');
  });
  it('names the target family of the kernels the targets hold, and none for the rest', () => {
    expect(targetFamilyOf(byName('top_p_sampling_exact'))).toBe('top-p');
    expect(targetFamilyOf(byName('top_k_sampling_ties_kept'))).toBe('top-k');
    expect(targetFamilyOf(byName('top_k_top_p_sampling_joint_exact'))).toBe('top-k-top-p');
    expect(targetFamilyOf(byName('sampling_from_probs'))).toBe('plain');
    expect(targetFamilyOf(byName('softmax'))).toBe('softmax');
    expect(targetFamilyOf(byName('inclusive_prefix_sum'))).toBe('prefix-sum');
    expect(targetFamilyOf(byName('min_p_sampling'))).toBeNull();
    expect(targetFamilyOf(byName('sampling_from_logits'))).toBeNull();
    expect(targetFamilyOf(byName('top_k_renorm_probs_exact'))).toBeNull();
  });
  it('has a bench value for every non-reserved scalar of every benched kernel', () => {
    const reserved = new Set(['batch', 'vocab', 'seed', 'offset']);
    for (const e of entries.filter((x) => benchKindOf(x) !== null)) {
      for (const p of e.params.filter((q) => q.role === 'scalar' && !reserved.has(q.name))) expect(BENCH_SCALARS, `${e.name}.${p.name}`).toHaveProperty(p.name);
    }
  });
});
