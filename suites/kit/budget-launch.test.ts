import { describe, expect, it } from 'vitest';
import type { BoundBuffer, BoundKernel, LaunchOverrides } from '../../harness/kernel-binding.ts';
import type { LaunchResult } from '../../harness/runner.ts';
import type { ManifestEntry } from '../../src/manifest/index.ts';
import { BUDGET_LAUNCHES, budgetLaunch, overBudget } from './budget-launch.ts';

/** A bound kernel whose launches take the given GPU-event times (or end in the given results). */
function fakeBound(times: readonly (number | LaunchResult)[], roles: BoundBuffer['role'][] = ['in', 'out']): { bound: BoundKernel; calls: LaunchOverrides[] } {
  const calls: LaunchOverrides[] = [];
  const bound = {
    entry: { name: 'k' } as ManifestEntry,
    buffers: roles.map((role, i) => ({ name: `b${i}`, role, bytes: 4, handle: null, owned: true })),
    launch: async (o: LaunchOverrides = {}): Promise<LaunchResult> => {
      const t = times[calls.length] ?? 0;
      calls.push(o);
      return typeof t === 'number' ? { stage: 'launch', ok: true, ms: t, detail: { ms: t } } : t;
    },
  } as unknown as BoundKernel;
  return { bound, calls };
}

describe('budgetLaunch', () => {
  it('times the kernel alone (queued timing) and stops at the first launch under the budget', async () => {
    const { bound, calls } = fakeBound([9, 0.4, 0.3]);
    expect(await budgetLaunch(bound, 1)).toEqual({ ms: 0.4, launches: [9, 0.4] });
    expect(calls).toEqual([{ queuedTiming: true }, { queuedTiming: true }]);
  });

  it('judges a kernel that is slow every time on its fastest of a few launches, and says so', async () => {
    const { bound } = fakeBound([30, 25, 28, 1]);
    const t = await budgetLaunch(bound, 1);
    expect(t).toEqual({ ms: 25, launches: [30, 25, 28] });
    expect(t.launches).toHaveLength(BUDGET_LAUNCHES);
    expect(overBudget('k', 4, 100, 1, t)).toBe('k 4×100: over its watchdog budget of 1.000 ms in each of 3 launches (30.000, 25.000, 28.000 ms)');
  });

  it('launches an in-place kernel once: a relaunch would transform its own output', async () => {
    const { bound } = fakeBound([30, 0.1], ['inout']);
    expect(await budgetLaunch(bound, 1)).toEqual({ ms: 30, launches: [30] });
  });

  it('a launch killed by the hang watchdog fails the test with the runner result', async () => {
    const base = { kernel: 'k', grid: { x: 1, y: 1, z: 1 }, block: { x: 1, y: 1, z: 1 }, elapsedMs: 600 };
    const { bound } = fakeBound([{ stage: 'launch', ok: false, kind: 'watchdog', ...base, detail: base }]);
    await expect(budgetLaunch(bound, 1)).rejects.toThrow(/k: watchdog: still running after 600 ms/);
  });
});
