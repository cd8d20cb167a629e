import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filteredDistribution, referenceSample, referenceSampleFromLogits } from './pipeline.ts';
import { sampleInverseCdf } from './sample.ts';
import { topPMask } from './topp.ts';
import { probRow } from '../../test/reference/sort-oracle.ts';

describe('pipeline', () => {
  it('filteredDistribution is q/M over the eligible set (llama.cpp example)', () => {
    const d = filteredDistribution(new Float32Array([0.1, 0.2, 0.3, 0.4]), { kind: 'top-p', p: 0.7, policy: 'exact' });
    expect(d[0]).toBe(0);
    expect(d[1]).toBe(0);
    expect(d[2]).toBeCloseTo(0.428571, 6);
    expect(d[3]).toBeCloseTo(0.571429, 6);
  });
  it('referenceSample = mask then sample, row by row, with one uniform each', () => {
    fc.assert(
      fc.property(probRow(20), probRow(20), fc.double({ min: 1e-7, max: 1, noNaN: true }), (a, b, u) => {
        const vocab = Math.min(a.length, b.length);
        const data = new Float32Array([...a.slice(0, vocab), ...b.slice(0, vocab)]);
        fc.pre(data.subarray(0, vocab).some((w) => w > 1e-9) && data.subarray(vocab).some((w) => w > 1e-9));
        const spec = { kind: 'top-p', p: [0.5, 0.9], policy: 'ties-kept' } as const;
        const out = referenceSample({ data, batch: 2, vocab }, spec, [u, 1]);
        expect(out[0]).toEqual(sampleInverseCdf(data.subarray(0, vocab), topPMask(data.subarray(0, vocab), 0.5, 'ties-kept'), u));
        expect(out[1]).toEqual(sampleInverseCdf(data.subarray(vocab), topPMask(data.subarray(vocab), 0.9, 'ties-kept'), 1));
      }),
      { seed: 17 },
    );
  });
  it('samples from logits via fp32 exp weights and flags invalid logit rows', () => {
    const b = { data: new Float32Array([0, 0, Math.log(2), Number.NaN, 1, 1]), batch: 2, vocab: 3 };
    const out = referenceSampleFromLogits(b, { kind: 'none' }, [0.3, 0.5]);
    expect(out[0]?.token).toBe(1); // weights {0.5, 0.5, 1}, M = 2: target 0.6 > C_0 = 0.5, ≤ C_1 = 1
    expect(out[1]).toEqual({ token: 0, valid: false, margin: Infinity });
    const hot = referenceSampleFromLogits(b, { kind: 'none' }, [0.3, 0.5], 1e-3);
    expect(hot[0]?.token).toBe(2);
  });
  it('rejects a uniform outside (0, 1] or the wrong number of uniforms', () => {
    const b = { data: new Float32Array([0.5, 0.5]), batch: 1, vocab: 2 };
    expect(() => referenceSample(b, { kind: 'none' }, [0])).toThrow(/uniforms\[0\] must be in \(0, 1\]/);
    expect(() => referenceSample(b, { kind: 'none' }, [0.5, 0.5])).toThrow(/uniforms.length must equal batch = 1/);
  });
});
