import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUDGET_MS } from '../limits.ts';
import { ConfigError, loadConfig, loadSetting } from './index.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'config-'));
const load = (env: Record<string, string>, at = root) => loadConfig({ env, root: at });
const problems = (env: Record<string, string>, at = root): readonly string[] => {
  try {
    load(env, at);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('loadConfig', () => {
  it('defaults: auto backend, no GPU required, 500 ms, recorded seed, the repository folders', () => {
    const c = load({});
    expect(c).toMatchObject({ backend: 'auto', requireGpu: false, budgetMs: DEFAULT_BUDGET_MS, budgetExplicit: false, seed: null, freshSeed: false, kernelDirExplicit: false, ci: false });
    expect(c.kernelDir).toBe(path.join(root, 'kernels'));
    expect(c.reportDir).toBe(path.join(root, 'reports'));
    expect(c.cacheDir).toBe(path.join(root, '.cache', 'kernels'));
  });

  it('parses every variable that is set, relative paths against the root', () => {
    const c = load({ SAMPLING_BACKEND: 'hip', SAMPLING_REQUIRE_GPU: '1', SAMPLING_BUDGET_MS: '250', SAMPLING_SEED: '0x10', SAMPLING_KERNEL_DIR: 'mine', SAMPLING_GIT_COMMIT: 'ABCDEF1', CI: 'true', BENCH_KERNELS: '^top_' });
    expect(c).toMatchObject({ backend: 'hip', requireGpu: true, budgetMs: 250, budgetExplicit: true, seed: 16n, kernelDir: path.join(root, 'mine'), kernelDirExplicit: true, gitCommit: 'abcdef1', ci: true });
    expect(c.benchKernels?.test('top_p')).toBe(true);
  });

  it('reads a seed as decimal or 0x hex u64, including the extremes', () => {
    const seed = (text: string) => load({ SAMPLING_SEED: text }).seed;
    expect(seed('0')).toBe(0n);
    expect(seed('12345678901234567890')).toBe(12345678901234567890n);
    expect(seed('0xFFFFFFFFFFFFFFFF')).toBe((1n << 64n) - 1n);
    expect(seed(' 0x10 ')).toBe(16n);
  });

  it.each([
    [{ SAMPLING_SEED: '-1' }, /SAMPLING_SEED must be/],
    [{ SAMPLING_SEED: '1.5' }, /SAMPLING_SEED must be a decimal or 0x-hex/],
    [{ SAMPLING_SEED: '0x' }, /SAMPLING_SEED must be/],
    [{ SAMPLING_BACKEND: 'bogus' }, /SAMPLING_BACKEND must be one of auto, cuda, hip, none, fake, got "bogus"/],
    [{ SAMPLING_SEED: 'notanumber' }, /SAMPLING_SEED must be a decimal or 0x-hex integer in \[0, 2\^64 - 1\], got "notanumber"/],
    [{ SAMPLING_SEED: String(2n ** 64n) }, /SAMPLING_SEED must be/],
    [{ SAMPLING_BUDGET_MS: 'abc' }, /SAMPLING_BUDGET_MS must be a number of milliseconds in \(0, 600000\], got "abc"/],
    [{ SAMPLING_BUDGET_MS: '0' }, /SAMPLING_BUDGET_MS must be/],
    [{ SAMPLING_REQUIRE_GPU: 'yes' }, /SAMPLING_REQUIRE_GPU must be 1, 0, true or false, got "yes"/],
    [{ SAMPLING_FRESH_SEED: '2' }, /SAMPLING_FRESH_SEED must be/],
    [{ SAMPLING_GIT_COMMIT: 'xyz' }, /SAMPLING_GIT_COMMIT must be a git hash/],
    [{ SAMPLING_HIP_ARCH: 'sm_90' }, /SAMPLING_HIP_ARCH must be a gfx target/],
    [{ BENCH_KERNELS: '(' }, /BENCH_KERNELS must be a regular expression/],
    [{ SAMPLING_REQUIRE_GPU: '1', SAMPLING_BACKEND: 'none' }, /SAMPLING_REQUIRE_GPU=1 contradicts SAMPLING_BACKEND=none/],
  ])('rejects %j with one line naming the setting and what is allowed', (env, message) => {
    const found = problems(env);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it('reports every bad setting at once', () => {
    expect(problems({ SAMPLING_BACKEND: 'x', SAMPLING_SEED: 'y', SAMPLING_BUDGET_MS: 'z' })).toHaveLength(3);
  });

  it('an empty variable is unset (shells export empty values)', () => {
    expect(load({ SAMPLING_BACKEND: '', SAMPLING_SEED: '' })).toMatchObject({ backend: 'auto', seed: null });
  });

  it('reads sampling.config.json; the environment wins; file paths resolve against the file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'config-file-'));
    writeFileSync(path.join(dir, 'sampling.config.json'), JSON.stringify({ requireGpu: true, backend: 'cuda', kernelDir: 'k' }));
    expect(load({}, dir)).toMatchObject({ requireGpu: true, backend: 'cuda', kernelDir: path.join(dir, 'k'), configFile: path.join(dir, 'sampling.config.json') });
    expect(load({ SAMPLING_BACKEND: 'hip' }, dir).backend).toBe('hip');
  });

  it('rejects an unknown key, a non-object and bad JSON in the file, and a SAMPLING_CONFIG that does not exist', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'config-bad-'));
    writeFileSync(path.join(dir, 'sampling.config.json'), JSON.stringify({ requireGPU: true }));
    expect(problems({}, dir)[0]).toMatch(/unknown setting 'requireGPU'; allowed: backend, requireGpu/);
    writeFileSync(path.join(dir, 'sampling.config.json'), '[1]');
    expect(problems({}, dir)[0]).toMatch(/must hold a JSON object/);
    writeFileSync(path.join(dir, 'sampling.config.json'), '{');
    expect(problems({}, dir)[0]).toMatch(/is not valid JSON/);
    expect(problems({ SAMPLING_CONFIG: 'nope.json' })[0]).toMatch(/SAMPLING_CONFIG must name an existing JSON file/);
    writeFileSync(path.join(dir, 'sampling.config.json'), JSON.stringify({ budgetMs: -1 }));
    expect(problems({}, dir)[0]).toMatch(/sampling\.config\.json: budgetMs must be a number of milliseconds/);
  });

  it('the result is frozen: configuration is read once, not changed on the way', () => {
    expect(Object.isFrozen(load({}))).toBe(true);
  });
});

describe('loadSetting', () => {
  const reportDir = (env: Record<string, string>) => loadSetting('reportDir', { env, root });
  it('gives one setting as loadConfig would: default, relative to the root, absolute', () => {
    expect(reportDir({}).value).toBe(path.join(root, 'reports'));
    expect(reportDir({ SAMPLING_REPORT_DIR: '' }).value).toBe(path.join(root, 'reports'));
    expect(reportDir({ SAMPLING_REPORT_DIR: 'out/x' }).value).toBe(path.join(root, 'out', 'x'));
    expect(reportDir({ SAMPLING_REPORT_DIR: '/abs' }).value).toBe('/abs');
  });
  it('is not stopped by another malformed setting, and returns its own problem with the default', () => {
    expect(reportDir({ SAMPLING_REPORT_DIR: 'out', SAMPLING_SEED: 'bad', SAMPLING_CONFIG: 'missing.json' })).toEqual({ value: path.join(root, 'out') });
    expect(loadSetting('gitCommit', { env: { SAMPLING_GIT_COMMIT: 'xyz' }, root })).toEqual({ value: null, error: expect.stringMatching(/SAMPLING_GIT_COMMIT must be a git hash/) });
  });
});
