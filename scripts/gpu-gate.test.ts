/**
 * The gate's bookkeeping (no GPU): every step is listed in the summary with why it did not run, and the summary is
 * valid JSON. The steps themselves are the suites and scripts tested elsewhere.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'gate-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm run gate', () => {
  it('lists every step, skipped ones with the reason, and says sanitize needs compute-sanitizer', async () => {
    const out = path.join(tmp, 'gate.json');
    const env = { ...process.env, GATE_SKIP: 'suites mutants bench render', GATE_OUT: out, PATH: '/usr/bin:/bin', CUDA_HOME: tmp, COMPUTE_SANITIZER: '' };
    await run('bash', [path.join(ROOT, 'scripts', 'gpu-gate.sh')], { env, cwd: ROOT });
    const summary = JSON.parse(readFileSync(out, 'utf8')) as { ok: boolean; steps: { step: string; status: string; why?: string }[] };
    expect(summary.ok).toBe(true);
    expect(summary.steps.map((s) => s.step)).toEqual(['suites', 'sanitize', 'mutants', 'bench', 'render']);
    expect(summary.steps.find((s) => s.step === 'sanitize')).toMatchObject({ status: 'skipped', why: expect.stringMatching(/compute-sanitizer not found/) });
    expect(summary.steps.filter((s) => s.step !== 'sanitize').every((s) => s.status === 'skipped')).toBe(true);
  });
});
