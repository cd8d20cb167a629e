import { describe, expect, it } from 'vitest';
import { llmRows } from './llm-rows.ts';

describe('llmRows', () => {
  it('gives valid, LLM-shaped probability rows (sum 1, a few dominant tokens) reproducibly', () => {
    const a = llmRows(3, 4000, 7);
    expect(a.probs).toEqual(llmRows(3, 4000, 7).probs);
    expect(a.probs).not.toEqual(llmRows(3, 4000, 8).probs);
    for (let r = 0; r < 3; r++) {
      const row = a.probs.subarray(r * 4000, (r + 1) * 4000);
      expect(row.every((p) => p >= 0 && p <= 1)).toBe(true);
      expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 4);
      const top5 = [...row].sort((x, y) => y - x).slice(0, 5).reduce((s, p) => s + p, 0);
      expect(top5).toBeGreaterThan(0.5); // a few boosted tokens hold most of the mass
    }
  });
  it('rejects bad sizes', () => {
    expect(() => llmRows(0, 10, 1)).toThrow(/rows must be an integer in \[1, 16777216\], got 0/);
    expect(() => llmRows(1, 1.5, 1)).toThrow(RangeError);
  });
});
