import { describe, expect, it } from 'vitest';
import { budgetMsFor } from './budget.ts';
import type { ManifestEntry } from './types.ts';

const base = { name: 'k' } as unknown as ManifestEntry;
const budgeted = { ...base, budget: { baseMs: 1, msPerMElement: 0.05 } } as ManifestEntry;

describe('budgetMsFor', () => {
  it('uses the fallback for an entry without a budget', () => {
    expect(budgetMsFor(base, { batch: 989, vocab: 128256 }, 500)).toBe(500);
  });
  it('grows with batch·vocab for an entry with a budget', () => {
    expect(budgetMsFor(budgeted, { batch: 1, vocab: 1_000_000 }, 500)).toBeCloseTo(1.05, 12);
    expect(budgetMsFor(budgeted, { batch: 989, vocab: 128256 }, 500)).toBeCloseTo(1 + 0.05 * 989 * 0.128256, 9);
  });
  it('lets an explicit global override win over both', () => {
    expect(budgetMsFor(budgeted, { batch: 1, vocab: 10 }, 500, 120_000)).toBe(120_000);
    expect(budgetMsFor(base, { batch: 1, vocab: 10 }, 500, 7)).toBe(7);
  });
  it('rejects bad budgets and shapes, naming the argument', () => {
    expect(() => budgetMsFor(base, { batch: 1, vocab: 1 }, 0)).toThrow(/fallbackMs must be a finite number of ms > 0, got 0/);
    expect(() => budgetMsFor(base, { batch: 1, vocab: 1 }, 5, NaN)).toThrow(/overrideMs/);
    expect(() => budgetMsFor(base, { batch: 0, vocab: 1 }, 5)).toThrow(/batch and vocab ≥ 1, got 0 × 1/);
  });
});
