/**
 * A user's kernel directory outside this repository: an absolute SAMPLING_KERNEL_DIR is what the suites verify.
 * The downstream-ABI example is copied to a temporary folder and one family's suite file runs against it in a child
 * vitest with the GPU disabled, so exactly its CPU blocks (manifest, oracle consistency, parameter validation) run.
 * A second run, on a copy that lacks the family, fails naming that copy's manifest: the suites really read it.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSuites } from '../../src/mutation/run-vitest.ts';
import { REPO_ROOT } from './kernel-dir.ts';

const CHILD_TIMEOUT_MS = 300_000;

describe('a kernel directory outside the repository (absolute SAMPLING_KERNEL_DIR)', () => {
  let tmp = '';
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'own-kernels-'));
  });
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const run = (kernelDir: string, work: string) =>
    runSuites({
      repoRoot: REPO_ROOT,
      families: ['topp'],
      kernelDir,
      workDir: path.join(tmp, work),
      timeoutMs: CHILD_TIMEOUT_MS,
      env: { SAMPLING_BACKEND: 'none', SAMPLING_REPORT_DIR: path.join(tmp, work, 'reports'), SAMPLING_REGRESSION_DIR: path.join(tmp, work, 'regressions') },
    });

  it('runs the CPU blocks of suites/topp against it, and they pass', async () => {
    const dir = path.join(tmp, 'downstream-abi');
    await cp(path.join(REPO_ROOT, 'examples', 'downstream-abi'), dir, { recursive: true });
    expect(path.isAbsolute(dir) && !dir.startsWith(REPO_ROOT)).toBe(true);
    const r = await run(dir, 'run-copy');
    expect(r.outcome, `${r.error ?? ''}\n${r.tail}`).not.toBeNull();
    expect(r.outcome?.failures).toEqual([]);
    expect(r.outcome?.passed).toBeGreaterThanOrEqual(8);
  });

  it('reads that directory: a copy without a top-p kernel fails the manifest block, naming its manifest', async () => {
    const dir = path.join(tmp, 'no-topp');
    await cp(path.join(REPO_ROOT, 'examples', 'downstream-abi'), dir, { recursive: true });
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { entries: { family: string }[] };
    manifest.entries = manifest.entries.filter((e) => e.family !== 'topp');
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    const r = await run(dir, 'run-no-topp');
    expect(r.outcome, `${r.error ?? ''}\n${r.tail}`).not.toBeNull();
    const messages = r.outcome?.failures.flatMap((f) => f.messages) ?? [];
    expect(messages.some((m) => m.includes(`${dir}/manifest.json declares no kernel of family 'topp'`)), messages.join('\n')).toBe(true);
  });
});
