import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { PhiloxEngine } from '../../rng/index.ts';
import { eligibleMask, sampleInverseCdf } from '../../reference/index.ts';
import { planDraws, launchOffset } from './draw-plan.ts';
import { drawToken, eligiblePrefix, simulateSampling } from './cpu-sampler.ts';

/** A row with zeros, exact ties and a dominant token, in fp32. */
function awkwardRow(vocab: number, seed: string): Float32Array {
  const rand = seedrandom(seed);
  const row = Float32Array.from({ length: vocab }, () => rand() ** 3 / vocab);
  row[3] = 0;
  row[7] = row[8] = row[9] = Math.fround(0.5 / vocab);
  row[vocab - 1] = 0.4;
  return row;
}

describe('simulateSampling', () => {
  const row = awkwardRow(50, 'cpu-sampler-awkward');
  // baseOffset 2 with 5 launches spans two Philox counters: offsets 2..6 use words 2, 3, 0, 1, 2.
  const plan = planDraws({ vocab: 50, draws: 1000, maxUploadBytes: 50 * 4 * 200, baseOffset: 2n });
  const seed = 0x0123_4567_89ab_cdefn;

  it.each([
    ['no filter', null],
    ['top-p 0.7 ties-kept', eligibleMask(row, { kind: 'top-p', p: 0.7, policy: 'ties-kept' })],
    ['top-k 9 exact', eligibleMask(row, { kind: 'top-k', k: 9, policy: 'exact' })],
  ])('counts exactly what the reference step draws from each (subsequence, offset) engine: %s', (_, mask) => {
    const expected = new Float64Array(row.length);
    for (let l = 0; l < plan.launches; l++) {
      for (let r = 0; r < plan.rowsPerLaunch; r++) {
        const u = new PhiloxEngine(seed, BigInt(r), launchOffset(plan, l)).nextUniform();
        const s = sampleInverseCdf(row, mask, u);
        expected[s.token] = (expected[s.token] as number) + 1;
      }
    }
    const got = simulateSampling({ row, eligible: mask, seed, plan });
    expect(got.invalid).toBe(0);
    expect(got.draws).toBe(1000);
    expect(Array.from(got.counts)).toEqual(Array.from(expected));
  });

  it('never draws a zero-mass or ineligible token', () => {
    const mask = eligibleMask(row, { kind: 'top-k', k: 9, policy: 'exact' });
    const got = simulateSampling({ row, eligible: mask, seed, plan });
    got.counts.forEach((c, i) => {
      if (mask[i] !== 1 || row[i] === 0) expect(c).toBe(0);
    });
  });

  it('binary search agrees with the linear reference scan at prefix boundaries (u = C_i / M exactly)', () => {
    const p = eligiblePrefix(row, null);
    if (p === null) throw new Error('row must be valid');
    for (let j = 0; j < p.prefix.length; j += 7) {
      const u = (p.prefix[j] as number) / p.total;
      expect(drawToken(p, u)).toBe(sampleInverseCdf(row, null, u).token);
      const above = Math.min(1, u + 2 ** -30);
      expect(drawToken(p, above)).toBe(sampleInverseCdf(row, null, above).token);
    }
  });

  it('an invalid row gives no valid draw (token 0, valid 0 on every draw)', () => {
    const bad = row.slice();
    bad[5] = Number.NaN;
    expect(simulateSampling({ row: bad, eligible: null, seed, plan })).toMatchObject({ invalid: 1000, draws: 1000 });
    const zeroMass = simulateSampling({ row, eligible: new Uint8Array(50), seed, plan });
    expect(zeroMass.invalid).toBe(1000);
    expect(zeroMass.counts.every((c) => c === 0)).toBe(true);
  });

  it('1e6 draws over a 1000-token row stay cheap enough for self-tests (< 10 s of CPU time; ~0.5 s here)', () => {
    const big = Float32Array.from({ length: 1000 }, (_, i) => 1 / (i + 1) / 8);
    // CPU time with a wide margin: a guard against an O(vocab) search per draw, not a speed target
    const t0 = process.cpuUsage();
    const r = simulateSampling({ row: big, eligible: null, seed, plan: planDraws({ vocab: 1000, draws: 1e6, maxUploadBytes: 2 ** 32 }) });
    const used = process.cpuUsage(t0);
    expect(r.counts.reduce((s, c) => s + c, 0)).toBe(1e6);
    expect((used.user + used.system) / 1000).toBeLessThan(10_000);
  });

  it('rejects bad arguments', () => {
    expect(() => simulateSampling({ row: new Float32Array(0), eligible: null, seed, plan })).toThrow(/row must be a non-empty Float32Array/);
    expect(() => simulateSampling({ row, eligible: new Uint8Array(3), seed, plan })).toThrow(/eligible must be null or a Uint8Array of length 50/);
    expect(() => simulateSampling({ row, eligible: null, seed: -1n, plan })).toThrow(/seed/);
    expect(() => simulateSampling({ row: row.subarray(1), eligible: null, seed, plan })).toThrow(/plan.vocab must equal row.length = 49/);
    expect(() => simulateSampling({ row, eligible: null, seed, plan, distortUniform: () => 0 })).toThrow(/distortUniform must return a value in \(0, 1\]/);
  });
});
