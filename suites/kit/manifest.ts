/**
 * The manifest of the kernel directory under test (KERNEL_DIR), loaded and validated once per test file, and the
 * binding options every suite passes to bindKernel/callKernel.
 */
import { loadManifest, type KernelFamily, type Manifest, type ManifestEntry } from '../../src/manifest/index.ts';
import { budgetFromEnv } from '../../harness/index.ts';
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

/** Watchdog budget of every suite launch (SAMPLING_BUDGET_MS, default 500 ms). */
export const BUDGET_MS = budgetFromEnv();

export function bindOptions(): BindOptions {
  return { kernelDir: suiteManifest().dir, budgetMs: BUDGET_MS };
}
