/**
 * The kernel directory the suites verify: `SAMPLING_KERNEL_DIR` (a user's own kernels, or a mutant's copy),
 * else the repository's `kernels/`. Read once per test file, so a run verifies one directory.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function kernelDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.SAMPLING_KERNEL_DIR;
  if (chosen !== undefined && chosen.trim() === '') {
    throw new RangeError('SAMPLING_KERNEL_DIR must name a kernel directory when set, got an empty string');
  }
  return path.resolve(REPO_ROOT, chosen ?? 'kernels');
}

export const KERNEL_DIR = kernelDirFromEnv();
