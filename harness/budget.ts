/**
 * The watchdog budget of one launch: the per-launch value, else the runner's (config().budgetMs when the caller
 * gives none). The limits themselves live in src/limits.ts.
 */
import { MAX_BUDGET_MS } from '../src/limits.ts';

export function validateBudgetMs(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_BUDGET_MS) {
    throw new RangeError(`${name} must be a number of milliseconds in (0, ${MAX_BUDGET_MS}], got ${String(value)}`);
  }
  return value;
}
