import { describe, expect, it } from 'vitest';
import { streamIndependence } from './streams.ts';

const batch = 256;
const spread = Float64Array.from({ length: 8 }, () => 1 / 8);
const draws = (f: (r: number) => number): Int32Array => Int32Array.from({ length: batch }, (_v, r) => f(r));

describe('streamIndependence', () => {
  it('passes when seeds, offsets and rows draw differently', () => {
    const r = streamIndependence({ base: draws((r) => r % 8), otherSeed: draws((r) => (r + 1) % 8), otherOffset: draws((r) => (r * 3) % 8) }, spread);
    expect(r).toMatchObject({ ok: true, detail: { checked: 3 } });
  });
  it('fails when another seed, another offset or every row repeats the tokens', () => {
    const base = draws((r) => r % 8);
    expect(streamIndependence({ base, otherSeed: base.slice(), otherOffset: draws(() => 1) }, spread).detail.findings.map((f) => f.message)).toEqual([expect.stringMatching(/another seed gave the same 256 tokens/)]);
    expect(streamIndependence({ base, otherSeed: draws(() => 2), otherOffset: base.slice() }, spread).detail.findings.map((f) => f.message)).toEqual([expect.stringMatching(/another offset/)]);
    const one = draws(() => 3);
    expect(streamIndependence({ base: one, otherSeed: draws((r) => r % 8), otherOffset: draws((r) => r % 8) }, spread).detail.findings.map((f) => f.message)).toEqual([expect.stringMatching(/drew one token: rows share a stream/)]);
  });
  it('fails, instead of passing vacuously, on a point-mass row (it cannot tell a shared stream from a certain token)', () => {
    const same = draws(() => 0);
    const r = streamIndependence({ base: same, otherSeed: same, otherOffset: same }, Float64Array.of(1, 0, 0));
    expect(r.ok).toBe(false);
    expect(r.detail.checked).toBe(0);
    expect(r.detail.findings[0]?.message).toMatch(/too concentrated/);
    // a nearly-certain token is just as untestable: 0.99^2 per pair over 256 rows is far above 1e-9
    expect(streamIndependence({ base: same, otherSeed: draws((r) => r % 2), otherOffset: draws((r) => r % 2) }, Float64Array.of(0.99, 0.01)).ok).toBe(false);
  });
});
