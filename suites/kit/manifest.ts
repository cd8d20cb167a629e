/**
 * The manifest of the kernel directory under test (KERNEL_DIR), loaded and validated once per test file, and the
 * binding options every suite passes to bindKernel/callKernel.
 */
import { config } from '../../src/config/index.ts';
import { budgetMsFor, loadManifest, type KernelFamily, type LaunchShape, type Manifest, type ManifestEntry } from '../../src/manifest/index.ts';
import type { BindOptions } from '../../harness/kernel-binding.ts';
import { KERNEL_DIR } from './kernel-dir.ts';

let cached: Manifest | null = null;

export function suiteManifest(): Manifest {
  cached ??= loadManifest(KERNEL_DIR);
  return cached;
}

/** Entries of one family; throws when the directory declares none (a family without kernels verifies nothing). */
export function entriesOf(family: KernelFamily): ManifestEntry[] {
  const found = suiteManifest().entries.filter((e) => e.family === family);
  if (found.length === 0) throw new RangeError(`${KERNEL_DIR}/manifest.json declares no kernel of family '${family}'`);
  return found;
}

/** Watchdog budget of every suite launch (config().budgetMs: SAMPLING_BUDGET_MS, default DEFAULT_BUDGET_MS). */
export const BUDGET_MS = config().budgetMs;

/**
 * The time budget a watchdog-budget test asserts for one launch: the entry's own (manifest `budget`) when it
 * declares one, else BUDGET_MS; an explicitly set SAMPLING_BUDGET_MS replaces both (sanitizer runs raise it).
 * The hang watchdog that kills a launch stays at BUDGET_MS: this budget catches kernels that are only slow.
 */
export function launchBudgetMs(entry: ManifestEntry, shape: LaunchShape): number {
  return budgetMsFor(entry, shape, BUDGET_MS, config().budgetExplicit ? BUDGET_MS : undefined);
}

export function bindOptions(): BindOptions {
  return { kernelDir: suiteManifest().dir, budgetMs: BUDGET_MS };
}
