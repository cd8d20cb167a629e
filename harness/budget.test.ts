import { describe, expect, it } from 'vitest';
import { budgetFromEnv, DEFAULT_BUDGET_MS } from './budget.ts';

describe('budgetFromEnv', () => {
  it('defaults to 500 ms and reads SAMPLING_BUDGET_MS', () => {
    expect(budgetFromEnv({})).toBe(DEFAULT_BUDGET_MS);
    expect(DEFAULT_BUDGET_MS).toBe(500);
    expect(budgetFromEnv({ SAMPLING_BUDGET_MS: '1250' })).toBe(1250);
  });
  it.each(['0', '-3', 'abc', '600001', 'Infinity'])('rejects SAMPLING_BUDGET_MS=%s naming the variable and range', (v) => {
    expect(() => budgetFromEnv({ SAMPLING_BUDGET_MS: v })).toThrow(/SAMPLING_BUDGET_MS must be a number of milliseconds in \(0, 600000\]/);
  });
});
