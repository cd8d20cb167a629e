import { describe, expect, it } from 'vitest';
import { createSeedSource, DEFAULT_BASE_SEED, deriveSuiteSeed, describeSeed, parseSeed, suiteSeed, toHex64 } from './seeds.ts';

const quiet = (): void => {};

describe('parseSeed', () => {
  it('reads decimal and 0x hex u64, including the extremes', () => {
    expect(parseSeed('0')).toBe(0n);
    expect(parseSeed('12345678901234567890')).toBe(12345678901234567890n);
    expect(parseSeed('0xFFFFFFFFFFFFFFFF')).toBe((1n << 64n) - 1n);
    expect(parseSeed(' 0x10 ')).toBe(16n);
  });
  it('rejects values past 2^64 − 1 and non-integers, naming the variable and the range', () => {
    expect(() => parseSeed('18446744073709551616')).toThrow(/SAMPLING_SEED must be in \[0, 2\^64 - 1\]/);
    expect(() => parseSeed('-1')).toThrow(RangeError);
    expect(() => parseSeed('1.5')).toThrow(/decimal or 0x-hex/);
    expect(() => parseSeed('0x')).toThrow(RangeError);
    expect(() => parseSeed('')).toThrow(RangeError);
  });
});

describe('suite seeds', () => {
  it('are deterministic by default and differ between suite names', () => {
    const a = createSeedSource({ env: {}, log: quiet });
    const b = createSeedSource({ env: {}, log: quiet });
    expect(a.base).toEqual({ seed: DEFAULT_BASE_SEED, origin: 'default' });
    expect(a.suiteSeed('topp/ties')).toBe(b.suiteSeed('topp/ties'));
    expect(a.suiteSeed('topp/ties')).not.toBe(a.suiteSeed('topp/tie'));
    const s = a.suiteSeed('topk');
    expect(s >= 0n && s < 1n << 64n).toBe(true);
  });
  it('follow SAMPLING_SEED, which reproduces a run', () => {
    const fromHex = createSeedSource({ env: { SAMPLING_SEED: '0x2a' }, log: quiet });
    const fromDec = createSeedSource({ env: { SAMPLING_SEED: '42' }, log: quiet });
    expect(fromHex.base).toEqual({ seed: 42n, origin: 'SAMPLING_SEED' });
    expect(fromHex.suiteSeed('minp')).toBe(fromDec.suiteSeed('minp'));
    expect(fromHex.suiteSeed('minp')).toBe(deriveSuiteSeed(42n, 'minp'));
    expect(fromHex.suiteSeed('minp')).not.toBe(createSeedSource({ env: {}, log: quiet }).suiteSeed('minp'));
  });
  it('fresh mode draws a new base, prints it, and SAMPLING_SEED=<printed> reproduces it', () => {
    const lines: string[] = [];
    const a = createSeedSource({ env: { SAMPLING_FRESH_SEED: '1' }, log: (l) => lines.push(l) });
    const b = createSeedSource({ env: { SAMPLING_FRESH_SEED: '1' }, log: (l) => lines.push(l) });
    expect(a.base.origin).toBe('fresh');
    expect(a.base.seed).not.toBe(b.base.seed); // 2^-64 chance of a false failure
    expect(a.suiteSeed('x')).not.toBe(createSeedSource({ env: {}, log: quiet }).suiteSeed('x'));
    expect(lines).toHaveLength(2);
    const printed = /SAMPLING_SEED=(0x[0-9a-f]{16})/.exec(lines[0] as string)?.[1];
    expect(printed).toBe(toHex64(a.base.seed));
    const replay = createSeedSource({ env: { SAMPLING_SEED: printed as string }, log: quiet });
    expect(replay.suiteSeed('x')).toBe(a.suiteSeed('x'));
    expect(a.describe()).toContain(`SAMPLING_SEED=${printed as string}`);
    expect(a.describe()).toContain('fresh');
  });
  it('SAMPLING_SEED takes precedence over SAMPLING_FRESH_SEED, and nothing is printed then', () => {
    const lines: string[] = [];
    const s = createSeedSource({ env: { SAMPLING_SEED: '7', SAMPLING_FRESH_SEED: '1' }, log: (l) => lines.push(l) });
    expect(s.base).toEqual({ seed: 7n, origin: 'SAMPLING_SEED' });
    expect(lines).toEqual([]);
  });
  it('rejects a malformed SAMPLING_FRESH_SEED and an empty suite name', () => {
    expect(() => createSeedSource({ env: { SAMPLING_FRESH_SEED: 'yes' } })).toThrow(/SAMPLING_FRESH_SEED must be 1/);
    expect(() => createSeedSource({ env: {}, log: quiet }).suiteSeed('')).toThrow(TypeError);
  });
  it('the process-wide source answers consistently and describes itself', () => {
    expect(suiteSeed('a')).toBe(suiteSeed('a'));
    expect(describeSeed()).toMatch(/base seed 0x[0-9a-f]{16} .*reproduce with SAMPLING_SEED=0x[0-9a-f]{16}/);
  });
});
