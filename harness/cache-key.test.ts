import { describe, expect, it } from 'vitest';
import { cacheKey, type CacheKeyInputs } from './cache-key.ts';

const base: CacheKeyInputs = {
  source: 'extern "C" __global__ void k() {}',
  headers: [{ name: 'a.h', content: '#define A 1' }, { name: 'b.h', content: '#define B 2' }],
  flags: ['-O3', '-DX=1'],
  arch: 'sm_90',
  compilerVersion: 'release 13.0, V13.0.88',
};

describe('cacheKey', () => {
  it('is a stable sha256 for the same inputs, whatever the header order', () => {
    const k = cacheKey(base);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...base, headers: [...base.headers].reverse() })).toBe(k);
  });

  it.each<[string, Partial<CacheKeyInputs>]>([
    ['source', { source: base.source + ' ' }],
    ['a header', { headers: [{ name: 'a.h', content: '#define A 2' }, base.headers[1]!] }],
    ['a header name', { headers: [{ name: 'c.h', content: '#define A 1' }, base.headers[1]!] }],
    ['an added header', { headers: [...base.headers, { name: 'c.h', content: '' }] }],
    ['flags', { flags: ['-O2', '-DX=1'] }],
    ['a define', { flags: ['-O3', '-DX=2'] }],
    ['arch', { arch: 'sm_80' }],
    ['compiler version', { compilerVersion: 'release 12.4' }],
  ])('changes when %s changes', (_what, change) => {
    expect(cacheKey({ ...base, ...change })).not.toBe(cacheKey(base));
  });

  it('does not confuse field boundaries', () => {
    expect(cacheKey({ ...base, flags: ['-O3-DX=1'] })).not.toBe(cacheKey(base));
    expect(cacheKey({ ...base, source: 'ab', headers: [] })).not.toBe(cacheKey({ ...base, source: 'a', headers: [{ name: 'b', content: '' }] }));
  });
});
