import { describe, expect, it } from 'vitest';
import { holm } from './holm.ts';

describe('holm', () => {
  it('matches the hand-worked example', () => {
    // sorted: 0.005 (#3) ×4 = 0.02; 0.01 (#0) ×3 = 0.03; 0.03 (#2) ×2 = 0.06; 0.04 (#1) ×1 = 0.04 → max so far 0.06.
    const r = holm([0.01, 0.04, 0.03, 0.005], 0.05);
    expect(r.adjusted[0]).toBeCloseTo(0.03, 15);
    expect(r.adjusted[1]).toBeCloseTo(0.06, 15);
    expect(r.adjusted[2]).toBeCloseTo(0.06, 15);
    expect(r.adjusted[3]).toBeCloseTo(0.02, 15);
    expect(r.rejected).toEqual([true, false, false, true]);
  });
  it('stops at the first non-rejection even if a later raw p is small enough alone', () => {
    // m = 3: 0.02 ×3 = 0.06 > 0.05 stops; 0.03 ×2 = 0.06; 0.04 ×1 = 0.04 but adjusted to 0.06.
    expect(holm([0.02, 0.03, 0.04], 0.05).rejected).toEqual([false, false, false]);
  });
  it('caps adjusted values at 1 and handles an empty family', () => {
    expect(holm([0.9, 0.8], 0.05).adjusted).toEqual([1, 1]);
    expect(holm([], 0.05)).toEqual({ rejected: [], adjusted: [] });
  });
  it('rejects p-values outside [0, 1] and alpha outside (0, 1)', () => {
    expect(() => holm([0.1, NaN], 0.05)).toThrow(/pValues\[1\] must be a number in \[0, 1\]/);
    expect(() => holm([1.1], 0.05)).toThrow(RangeError);
    expect(() => holm([0.1], 0)).toThrow(/alpha must be in \(0, 1\)/);
  });
});
