import { describe, expect, it } from 'vitest';
import { MAX_BUDGET_MS } from '../src/limits.ts';
import { validateBudgetMs } from './budget.ts';

describe('validateBudgetMs', () => {
  it('passes a budget in (0, MAX_BUDGET_MS] through', () => {
    expect(validateBudgetMs(1250, 'budgetMs')).toBe(1250);
    expect(validateBudgetMs(MAX_BUDGET_MS, 'budgetMs')).toBe(MAX_BUDGET_MS);
  });
  it.each([0, -3, Number.NaN, MAX_BUDGET_MS + 1, Infinity])('rejects %s naming the argument and range', (v) => {
    expect(() => validateBudgetMs(v, 'budgetMs')).toThrow(/budgetMs must be a number of milliseconds in \(0, 600000\]/);
  });
});
