import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PhiloxEngine } from './engine.ts';
import { philox4x32_10 } from './philox.ts';

const U64 = (1n << 64n) - 1n;
const U128 = 1n << 128n;

/**
 * Independent model of rocRAND's stream: output number t of (seed, sub, 0) is word t % 4 of the block at the
 * 128-bit counter (sub << 64) + floor(t / 4). Built with BigInt, sharing no counter code with the engine.
 */
function modelOutput(seed: bigint, sub: bigint, position: bigint): number {
  const ctr = ((sub << 64n) + position / 4n) % U128;
  const words = [0n, 32n, 64n, 96n].map((s) => Number((ctr >> s) & 0xffffffffn)) as [number, number, number, number];
  const key: [number, number] = [Number(seed & 0xffffffffn), Number(seed >> 32n)];
  return philox4x32_10(words, key)[Number(position % 4n)] as number;
}

const draw = (engine: PhiloxEngine, k: number): number[] => Array.from({ length: k }, () => engine.nextUint32());

const seedArb = fc.bigInt({ min: 0n, max: U64 });
const smallSub = fc.bigInt({ min: 0n, max: 50n });
const smallOffset = fc.bigInt({ min: 0n, max: 1000n });
/**
 * Offsets whose counter part sits just below the x→y word boundary, or at the largest reachable counter step
 * (offset < 2^64 means < 2^62 steps), with every offset % 4.
 */
const carryOffset = fc
  .tuple(fc.constantFrom(4n * 0xffffffffn, 4n * 0xfffffffen, 4n * ((1n << 62n) - 3n)), fc.bigInt({ min: 0n, max: 11n }))
  .map(([base, r]) => base + r);
const carrySub = fc.constantFrom(0xffffffffn, 0x1ffffffffn, U64 - 1n, U64);

describe('PhiloxEngine initial state', () => {
  it('equals the BigInt model for small subsequences and offsets', () => {
    fc.assert(
      fc.property(seedArb, smallSub, smallOffset, (seed, sub, off) => {
        const got = draw(new PhiloxEngine(seed, sub, off), 9);
        const want = Array.from({ length: 9 }, (_, t) => modelOutput(seed, sub, off + BigInt(t)));
        expect(got).toEqual(want);
      }),
      { seed: 11, numRuns: 200 },
    );
  });
  it('equals the BigInt model across counter carries near 2^32 and 2^64', () => {
    fc.assert(
      fc.property(seedArb, fc.oneof(smallSub, carrySub), carryOffset, (seed, sub, off) => {
        const got = draw(new PhiloxEngine(seed, sub, off), 12);
        const want = Array.from({ length: 12 }, (_, t) => modelOutput(seed, sub, off + BigInt(t)));
        expect(got).toEqual(want);
      }),
      { seed: 12, numRuns: 200 },
    );
  });
  it('uses the seed as the key (lo word, hi word)', () => {
    const seed = 0xa4093822299f31d0n;
    const e = new PhiloxEngine(seed);
    expect(draw(e, 4)).toEqual(philox4x32_10([0, 0, 0, 0], [0x299f31d0, 0xa4093822]));
    expect(draw(e, 4)).toEqual(philox4x32_10([1, 0, 0, 0], [0x299f31d0, 0xa4093822]));
  });
});

describe('PhiloxEngine skip-ahead', () => {
  it('offset in the constructor equals drawing and throwing away', () => {
    fc.assert(
      fc.property(seedArb, smallSub, smallOffset, (seed, sub, off) => {
        const drawn = new PhiloxEngine(seed, sub, 0n);
        draw(drawn, Number(off));
        expect(draw(new PhiloxEngine(seed, sub, off), 6)).toEqual(draw(drawn, 6));
      }),
      { seed: 13, numRuns: 100 },
    );
  });
  it('discard(n) after m draws equals m + n draws, for every substate', () => {
    fc.assert(
      fc.property(seedArb, smallSub, fc.integer({ min: 0, max: 7 }), smallOffset, (seed, sub, m, n) => {
        const skipped = new PhiloxEngine(seed, sub);
        draw(skipped, m);
        skipped.discard(n);
        const drawn = new PhiloxEngine(seed, sub);
        draw(drawn, m + Number(n));
        expect(draw(skipped, 6)).toEqual(draw(drawn, 6));
      }),
      { seed: 14, numRuns: 100 },
    );
  });
  it('discardSubsequence(n) equals constructing at subsequence + n, including carries into w', () => {
    fc.assert(
      fc.property(seedArb, fc.oneof(smallSub, carrySub), smallSub, smallOffset, (seed, sub, n, off) => {
        fc.pre(sub + n <= U64);
        const moved = new PhiloxEngine(seed, sub, off);
        moved.discardSubsequence(n);
        expect(draw(moved, 6)).toEqual(draw(new PhiloxEngine(seed, sub + n, off), 6));
      }),
      { seed: 15, numRuns: 100 },
    );
  });
  it('subsequences are disjoint 2^66-output blocks: subsequence 1 starts where subsequence 0 reaches 2^66', () => {
    const a = new PhiloxEngine(5n, 1n, 0n);
    expect(draw(a, 4)).toEqual([0n, 1n, 2n, 3n].map((t) => modelOutput(5n, 0n, (1n << 66n) + t)));
  });
  it('splitting a stream is identity: (seed, sub, off) then k draws = (seed, sub, off + k)', () => {
    fc.assert(
      fc.property(seedArb, smallSub, smallOffset, fc.integer({ min: 0, max: 40 }), (seed, sub, off, k) => {
        const first = new PhiloxEngine(seed, sub, off);
        draw(first, k);
        expect(draw(first, 5)).toEqual(draw(new PhiloxEngine(seed, sub, off + BigInt(k)), 5));
      }),
      { seed: 16, numRuns: 100 },
    );
  });
  it('the 128-bit counter carries through z and w and wraps to zero after its last block', () => {
    // z = w = 0xffffffff from the subsequence; four skips of 2^62 - 1 blocks and one of 3 reach x = y = 0xffffffff.
    const e = new PhiloxEngine(3n, U64);
    for (let i = 0; i < 4; i++) e.discard(4n * ((1n << 62n) - 1n));
    e.discard(12n);
    const last = 0xffffffff;
    expect(draw(e, 4)).toEqual(philox4x32_10([last, last, last, last], [3, 0]));
    expect(draw(e, 4)).toEqual(philox4x32_10([0, 0, 0, 0], [3, 0]));
  });
});

describe('PhiloxEngine argument checks', () => {
  it('rejects non-bigint and out-of-range seeds, subsequences, offsets and skips', () => {
    expect(() => new PhiloxEngine(1 as unknown as bigint)).toThrow(TypeError);
    expect(() => new PhiloxEngine(-1n)).toThrow(/seed must be in \[0, 2\^64\)/);
    expect(() => new PhiloxEngine(0n, 1n << 64n)).toThrow(/subsequence/);
    expect(() => new PhiloxEngine(0n, 0n, -5n)).toThrow(/offset/);
    expect(() => new PhiloxEngine(0n).discard(1n << 64n)).toThrow(RangeError);
    expect(() => new PhiloxEngine(0n).discardSubsequence(-1n)).toThrow(RangeError);
  });
});
