/** The watchdog budget for one launch: per-launch override, else SAMPLING_BUDGET_MS, else 500 ms. */
export const DEFAULT_BUDGET_MS = 500;
export const MAX_BUDGET_MS = 600_000;

export function validateBudgetMs(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_BUDGET_MS) {
    throw new RangeError(`${name} must be a number of milliseconds in (0, ${MAX_BUDGET_MS}], got ${String(value)}`);
  }
  return value;
}

export function budgetFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SAMPLING_BUDGET_MS;
  if (raw === undefined || raw === '') return DEFAULT_BUDGET_MS;
  return validateBudgetMs(Number(raw), 'SAMPLING_BUDGET_MS');
}
