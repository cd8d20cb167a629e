/**
 * Compiles a user's kernel directory for the targets it declares (manifest `targets`, else the targets the
 * project's own kernels are held to), on whatever machine the run is on — a kernel that does not compile fails the
 * run on a CPU machine too, with the compiler's message. A target whose compiler is absent is reported, not failed.
 * Compiles go through the content-keyed cache of harness/compile.ts, so a second run costs nothing.
 */
import path from 'node:path';
import { compileKernel, compilerVersion, DEFAULT_TARGETS, kernelIncludeDirs, targetOf, type CompileTarget } from '../../harness/index.ts';
import type { Manifest } from '../../src/manifest/index.ts';
import { errorMessage } from '../../src/errors.ts';

interface DirCompileOutcome {
  /** One line per target that could not be checked here (its compiler is missing). */
  readonly skipped: readonly string[];
  /** One entry per (file, target) that failed, with the compiler's message. */
  readonly failures: readonly string[];
}

async function available(target: CompileTarget): Promise<boolean> {
  try {
    await compilerVersion(target.backend);
    return true;
  } catch {
    return false;
  }
}

export async function compileKernelDir(manifest: Manifest, cacheDir: string, targets: readonly string[] = manifest.targets ?? DEFAULT_TARGETS): Promise<DirCompileOutcome> {
  const files = [...new Set(manifest.entries.map((e) => e.file))];
  const includeDirs = kernelIncludeDirs(manifest.dir);
  const skipped: string[] = [];
  const failures: string[] = [];
  for (const arch of targets) {
    const target = targetOf(arch);
    if (!(await available(target))) {
      skipped.push(`${arch}: ${target.backend === 'cuda' ? 'nvcc' : 'hipcc'} not found, not compile-checked here`);
      continue;
    }
    // one target at a time, its files side by side: two cores stay busy without oversubscribing
    const results = await Promise.allSettled(files.map((f) => compileKernel({ source: path.join(manifest.dir, f), includeDirs, target, cacheDir })));
    results.forEach((r, i) => {
      if (r.status === 'rejected') failures.push(`${files[i]} (${arch}): ${errorMessage(r.reason)}`);
    });
  }
  return { skipped, failures };
}
