/**
 * The launch a watchdog-budget test judges. Its time is the GPU-event time of the kernel alone (queued timing: the
 * host's submission latency falls outside the events), and — because GPU events still include the time slices the
 * device gave to other processes' kernels while suite files run side by side on one GPU — the minimum over up to
 * BUDGET_LAUNCHES launches, stopping at the first one under the budget: a kernel that is slow by construction (a
 * serial loop) is slow every time, a correct kernel that shared the GPU is fast at least once. The hang watchdog is
 * unchanged: every launch is still killed past the runner's budget.
 */
import type { BoundKernel } from '../../harness/kernel-binding.ts';
import { launchedMs } from './kernel-call.ts';

export const BUDGET_LAUNCHES = 3;

export interface BudgetTiming {
  /** The fastest launch's GPU-event milliseconds: what the budget is judged on. */
  readonly ms: number;
  readonly launches: readonly number[];
}

/**
 * Launches `bound` until one launch is under `budgetMs` or BUDGET_LAUNCHES have run. An entry with an in-place
 * buffer is launched once: a second launch would transform its own output. Outputs are read afterwards as before
 * (a relaunch with the same inputs, seed and offset writes the same outputs).
 */
export async function budgetLaunch(bound: BoundKernel, budgetMs: number, maxLaunches: number = BUDGET_LAUNCHES): Promise<BudgetTiming> {
  const tries = bound.buffers.some((b) => b.role === 'inout') ? 1 : maxLaunches;
  const launches: number[] = [];
  while (launches.length < tries) {
    const ms = launchedMs(bound.entry.name, await bound.launch({ queuedTiming: true }));
    launches.push(ms);
    if (ms < budgetMs) break;
  }
  return { ms: Math.min(...launches), launches };
}

/** The assertion message of a budget failure: the budget and every launch's time. */
export function overBudget(kernel: string, batch: number, vocab: number, budgetMs: number, t: BudgetTiming): string {
  return `${kernel} ${batch}×${vocab}: over its watchdog budget of ${budgetMs.toFixed(3)} ms in each of ${t.launches.length} launches (${t.launches.map((m) => m.toFixed(3)).join(', ')} ms)`;
}
