/**
 * The kernel directory the suites verify: config().kernelDir (SAMPLING_KERNEL_DIR: a user's own kernels, or a
 * mutant's copy), else the repository's `kernels/`. Read once per test file, so a run verifies one directory.
 */
import { config } from '../../src/config/index.ts';

export { REPO_ROOT } from '../../src/config/index.ts';

export const KERNEL_DIR = config().kernelDir;
