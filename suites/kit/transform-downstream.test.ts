/**
 * The transform suites against the downstream ABI's softmax and prefix sum (no valid output, invalid rows
 * unspecified, no temperature): suites/softmax and suites/prefix-sum run in a child vitest with the GPU disabled, so
 * exactly their CPU blocks run, and pass; a bad parameter the kernels do not take is a skip that says so, not a
 * failure (the suite used to fail "rejects temperature 0" on a softmax without a temperature).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSuites } from '../../src/mutation/run-vitest.ts';
import { REPO_ROOT } from './kernel-dir.ts';

const CHILD_TIMEOUT_MS = 300_000;

describe('the transform suites on examples/downstream-abi', () => {
  let tmp = '';
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'downstream-transforms-'));
  });
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('runs the CPU blocks of suites/softmax and suites/prefix-sum, and they pass', async () => {
    const r = await runSuites({
      repoRoot: REPO_ROOT,
      families: ['softmax', 'prefix-sum'],
      kernelDir: path.join(REPO_ROOT, 'examples', 'downstream-abi'),
      workDir: tmp,
      timeoutMs: CHILD_TIMEOUT_MS,
      env: { SAMPLING_BACKEND: 'none', SAMPLING_REPORT_DIR: path.join(tmp, 'reports'), SAMPLING_REGRESSION_DIR: path.join(tmp, 'regressions') },
    });
    expect(r.outcome, `${r.error ?? ''}\n${r.tail}`).not.toBeNull();
    expect(r.outcome?.failures).toEqual([]);
    // per file: manifest, two oracle tests, three shape validations
    expect(r.outcome?.passed).toBe(12);
  }, CHILD_TIMEOUT_MS);
});
