// An explicit request the machine cannot honour, or a malformed setting, fails a real vitest run at startup with
// one line naming the setting — before these checks such runs exited 0 with every GPU test skipped.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config/index.ts';
import { compilerVersion } from '../../harness/index.ts';

const run = promisify(execFile);
const hasNvcc = await compilerVersion('cuda').then(() => true, () => false);

/** A vitest run of one tiny unit test file under `env`; its exit code and output. */
async function vitestWith(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'startup-e2e-'));
  try {
    const r = await run(process.execPath, [path.join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'unit', 'src/errors.test.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, SAMPLING_REPORT_DIR: reportDir, ...env },
      timeout: 120_000,
    });
    return { code: 0, output: r.stdout + r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, output: (x.stdout ?? '') + (x.stderr ?? '') };
  }
}

describe('startup refuses what it cannot honour (a real vitest run)', () => {
  it.concurrent.each([
    ['an unknown backend', { SAMPLING_BACKEND: 'bogus' }, /SAMPLING_BACKEND must be one of auto, cuda, hip, none, fake, got "bogus"/],
    ['a malformed seed', { SAMPLING_SEED: 'notanumber' }, /SAMPLING_SEED must be a decimal or 0x-hex integer/],
    ['a malformed budget', { SAMPLING_BUDGET_MS: 'abc' }, /SAMPLING_BUDGET_MS must be a number of milliseconds/],
    ['a kernel directory that does not exist', { SAMPLING_KERNEL_DIR: '/nonexistent/kernels' }, /SAMPLING_KERNEL_DIR \/nonexistent\/kernels: .*manifest file not found/],
  ])('%s', async (_what, env, message) => {
    const r = await vitestWith(env);
    expect(r.code, r.output).toBe(1);
    expect(r.output).toMatch(message);
  });

  it.concurrent('SAMPLING_BACKEND=cuda on a machine without the CUDA driver', async (ctx) => {
    if (await import('../../harness/index.ts').then((h) => h.detect({ backend: 'cuda' })).then((d) => d.ok)) ctx.skip('this machine has a CUDA device');
    const r = await vitestWith({ SAMPLING_BACKEND: 'cuda' });
    expect(r.code, r.output).toBe(1);
    expect(r.output).toMatch(/SAMPLING_BACKEND=cuda was requested, but that runtime is not usable here/);
  });

  it.concurrent('a kernel directory whose source does not compile, with nvcc present: the compiler\'s message', async (ctx) => {
    if (!hasNvcc) ctx.skip('nvcc is not installed here');
    const r = await vitestWith({ SAMPLING_KERNEL_DIR: path.join(REPO_ROOT, 'suites/kit/testdata/broken-kernels'), SAMPLING_CACHE_DIR: mkdtempSync(path.join(os.tmpdir(), 'startup-cache-')) });
    expect(r.code, r.output).toBe(1);
    expect(r.output).toMatch(/does not compile:\n.*broken\.hip \(sm_90\): nvcc failed/);
  });
});
