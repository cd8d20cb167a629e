import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.ts';
import { createSeedSource, DEFAULT_BASE_SEED, deriveSuiteSeed, describeSeed, suiteSeed, toHex64 } from './seeds.ts';

const quiet = (): void => {};
/** SAMPLING_SEED as the configuration parses it. */
const configuredSeed = (text: string): bigint | null => loadConfig({ env: { SAMPLING_SEED: text } }).seed;

describe('suite seeds', () => {
  it('are deterministic by default and differ between suite names', () => {
    const a = createSeedSource({ seed: null, fresh: false, log: quiet });
    const b = createSeedSource({ seed: null, fresh: false, log: quiet });
    expect(a.base).toEqual({ seed: DEFAULT_BASE_SEED, origin: 'default' });
    expect(a.suiteSeed('topp/ties')).toBe(b.suiteSeed('topp/ties'));
    expect(a.suiteSeed('topp/ties')).not.toBe(a.suiteSeed('topp/tie'));
    const s = a.suiteSeed('topk');
    expect(s >= 0n && s < 1n << 64n).toBe(true);
  });
  it('follow SAMPLING_SEED, which reproduces a run', () => {
    const fromHex = createSeedSource({ seed: configuredSeed('0x2a'), log: quiet });
    const fromDec = createSeedSource({ seed: configuredSeed('42'), log: quiet });
    expect(fromHex.base).toEqual({ seed: 42n, origin: 'SAMPLING_SEED' });
    expect(fromHex.suiteSeed('minp')).toBe(fromDec.suiteSeed('minp'));
    expect(fromHex.suiteSeed('minp')).toBe(deriveSuiteSeed(42n, 'minp'));
    expect(fromHex.suiteSeed('minp')).not.toBe(createSeedSource({ seed: null, fresh: false, log: quiet }).suiteSeed('minp'));
  });
  it('fresh mode draws a new base, prints it, and SAMPLING_SEED=<printed> reproduces it', () => {
    const lines: string[] = [];
    const a = createSeedSource({ seed: null, fresh: true, log: (l) => lines.push(l) });
    const b = createSeedSource({ seed: null, fresh: true, log: (l) => lines.push(l) });
    expect(a.base.origin).toBe('fresh');
    expect(a.base.seed).not.toBe(b.base.seed); // 2^-64 chance of a false failure
    expect(a.suiteSeed('x')).not.toBe(createSeedSource({ seed: null, fresh: false, log: quiet }).suiteSeed('x'));
    expect(lines).toHaveLength(2);
    const printed = /SAMPLING_SEED=(0x[0-9a-f]{16})/.exec(lines[0] as string)?.[1];
    expect(printed).toBe(toHex64(a.base.seed));
    const replay = createSeedSource({ seed: configuredSeed(printed as string), log: quiet });
    expect(replay.suiteSeed('x')).toBe(a.suiteSeed('x'));
    expect(a.describe()).toContain(`SAMPLING_SEED=${printed as string}`);
    expect(a.describe()).toContain('fresh');
  });
  it('SAMPLING_SEED takes precedence over SAMPLING_FRESH_SEED, and nothing is printed then', () => {
    const lines: string[] = [];
    const s = createSeedSource({ seed: 7n, fresh: true, log: (l) => lines.push(l) });
    expect(s.base).toEqual({ seed: 7n, origin: 'SAMPLING_SEED' });
    expect(lines).toEqual([]);
  });
  it('rejects a seed outside u64 and an empty suite name', () => {
    expect(() => createSeedSource({ seed: 1n << 64n, log: quiet })).toThrow(/seed must be a u64/);
    expect(() => createSeedSource({ seed: null, fresh: false, log: quiet }).suiteSeed('')).toThrow(TypeError);
  });
  it('the process-wide source answers consistently and describes itself', () => {
    expect(suiteSeed('a')).toBe(suiteSeed('a'));
    expect(describeSeed()).toMatch(/base seed 0x[0-9a-f]{16} .*reproduce with SAMPLING_SEED=0x[0-9a-f]{16}/);
  });
});
