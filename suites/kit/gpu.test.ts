/**
 * GPU availability for the suites: one short note per skipped test, clean test names, the full reason once, and
 * SAMPLING_REQUIRE_GPU=1 turning a missing GPU into a failure. The end-to-end part runs a fixture file through
 * vitest and the report's reporter, so what is checked is what a user sees.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DriverProbe, GpuBackend } from '../../harness/detect.ts';
import { parseResults } from '../../src/report/load-results.ts';
import { SETTINGS } from '../../src/config/index.ts';
import { asGpuDecision, detectGpu, noGpuNote, noteOf, type GpuDecision } from './gpu-availability.ts';
import { noGpuGate } from './gpu.ts';

// what dlopen and the HIP runtime really say on a machine without a GPU: the text that used to fill every test name
const DLOPEN = 'libcuda.so.1: cannot open shared object file: No such file or directory; libcuda.so: cannot open shared object file: No such file or directory';
const noLibrary: DriverProbe = { loaded: false, error: DLOPEN };
const noDevice: DriverProbe = { loaded: true, soname: 'libamdhip64.so.5', deviceCount: 0, driverVersion: 50221153, error: 'hipGetDeviceCount → hipErrorNoDevice (100)' };
const oneDevice: DriverProbe = { loaded: true, soname: 'libcuda.so.1', deviceCount: 1, driverVersion: 13000 };
const probes = (p: Partial<Record<GpuBackend, DriverProbe>>) => (b: GpuBackend): DriverProbe => p[b] ?? noLibrary;
const compilers = (present: GpuBackend[]) => async (b: GpuBackend): Promise<string> => {
  if (!present.includes(b)) throw new Error(`spawn ${b === 'cuda' ? 'nvcc' : 'hipcc'} ENOENT`);
  return 'Cuda compilation tools, release 13.0, V13.0.88';
};

describe('the short note of a decision without a GPU', () => {
  it.each<[string, Parameters<typeof detectGpu>[0], string]>([
    ['no driver library, HIP without a device', { backend: 'auto', probe: probes({ hip: noDevice }), compilerVersion: compilers(['cuda', 'hip']) }, 'no GPU (cuda: no driver library; hip: driver but no device)'],
    ['a device without its compiler', { backend: 'auto', probe: probes({ cuda: oneDevice }), compilerVersion: compilers([]) }, 'no GPU (cuda: device but no nvcc; hip: no driver library)'],
    ['an explicit backend without its library', { backend: 'cuda', probe: probes({}), compilerVersion: compilers([]) }, 'no GPU (cuda: no driver library)'],
    ['GPU use disabled by the environment', { backend: 'none', probe: probes({}), compilerVersion: compilers([]) }, 'SAMPLING_BACKEND=none: GPU use disabled by the environment'],
  ])('%s: from detect()\'s own wording', async (_what, deps, note) => {
    const d = await detectGpu(deps);
    if (d.usable) throw new Error('expected no GPU');
    expect(noteOf(d)).toBe(note);
    expect(noteOf(d).length).toBeLessThan(100);
    if (deps?.backend !== 'none') expect(d.reason).toContain('cannot open shared object file');
  });

  it('the same note from the startup\'s wording ("no GPU (<detect reason>)"), a note the startup gives as is, a long unknown reason cut', () => {
    expect(noGpuNote(`no GPU (cuda: no driver library (${DLOPEN}); hip: driver libamdhip64.so found but no device (hipGetDeviceCount → hipErrorNoDevice (100)))`)).toBe('no GPU (cuda: no driver library; hip: driver but no device)');
    expect(noteOf({ usable: false, reason: DLOPEN, note: 'no GPU here' })).toBe('no GPU here');
    const long = noGpuNote(`something else: ${'x'.repeat(300)}`);
    expect(long).toHaveLength(120);
    expect(long.endsWith('…')).toBe(true);
  });

  it('a usable GPU carries its compiler line', async () => {
    expect(await detectGpu({ backend: 'auto', probe: probes({ cuda: oneDevice }), compilerVersion: compilers(['cuda']) })).toEqual({ usable: true, compiler: 'Cuda compilation tools, release 13.0, V13.0.88' });
  });

  it('a provided decision is taken when it has the decision\'s shape, and only then', () => {
    expect(asGpuDecision({ usable: true, backend: 'cuda', compiler: 'nvcc 13' })).toEqual({ usable: true, compiler: 'nvcc 13' });
    expect(asGpuDecision({ usable: false, reason: 'r' })).toEqual({ usable: false, reason: 'r' });
    for (const v of [undefined, null, 'x', { usable: 'yes' }, { usable: false }]) expect(asGpuDecision(v)).toBeUndefined();
  });
});

describe('the gate of a GPU block without a GPU', () => {
  it('the gate skips with the note, fails when a GPU is required, and is absent with a GPU', () => {
    const missing: GpuDecision = { usable: false, note: 'no GPU (cuda: no driver library)', reason: DLOPEN };
    const notes: (string | undefined)[] = [];
    noGpuGate(missing, false)?.({ skip: ((note?: string) => void notes.push(note)) as never });
    expect(notes).toEqual(['no GPU (cuda: no driver library)']);
    expect(() => noGpuGate(missing, true)?.({ skip: (() => undefined) as never })).toThrow(/SAMPLING_REQUIRE_GPU=1 but there is no usable GPU: no GPU \(cuda: no driver library\)\. Full reason: libcuda/);
    expect(noGpuGate({ usable: true, compiler: 'nvcc' }, true)).toBeNull();
  });
});

describe('GPU blocks without a GPU, end to end (vitest + the report reporter)', () => {
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  const vitestBin = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
  const configs = {
    /** the decision provided as the run's startup provides it: no GPU, detect()'s full reason */
    provided: fileURLToPath(new URL('./e2e/vitest.gpu-provided.config.ts', import.meta.url)),
    /** no startup: the file decides for itself */
    own: fileURLToPath(new URL('./e2e/vitest.gpu-skip.config.ts', import.meta.url)),
  };

  function runFixture(config: string, extra: NodeJS.ProcessEnv): { status: number | null; log: string; tests: ReturnType<typeof parseResults>['tests'] } {
    const out = mkdtempSync(join(tmpdir(), 'sampling-gpu-skip-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, [SETTINGS.reportDir.env]: out, ...extra };
      for (const [key, value] of Object.entries(extra)) if (value === undefined) delete env[key];
      // the outer run's own vitest variables would make the inner one think it is a worker
      for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'TEST') delete env[key];
      const run = spawnSync(process.execPath, [vitestBin, 'run', '--config', config], { cwd: repoRoot, env, encoding: 'utf8', timeout: 120_000 });
      const log = `${run.stdout}\n${run.stderr}`;
      return { status: run.status, log, tests: parseResults(readFileSync(join(out, 'results.json'), 'utf8')).tests };
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  const NAMES = ['a GPU block > a GPU test', 'a GPU block > a GPU test per shape 1', 'a GPU block > a GPU test per shape 2'];

  it('with the run\'s decision provided: each GPU test skipped with the one-line note, names clean, no dlopen text, exit 0', () => {
    const { status, log, tests } = runFixture(configs.provided, { SAMPLING_REQUIRE_GPU: undefined, SAMPLING_BACKEND: undefined });
    expect(status, log).toBe(0);
    const note = 'no GPU (cuda: no driver library; hip: driver but no device)';
    expect(tests.map((t) => [t.fullName, t.state, t.skipReason])).toEqual(NAMES.map((n) => [n, 'skipped', note]));
    expect(log).not.toContain('cannot open shared object file'); // the startup prints it, once
  }, 150_000);

  it('with SAMPLING_REQUIRE_GPU=1 the same tests fail with the note and the reason, and the run exits 1', () => {
    const { status, log, tests } = runFixture(configs.provided, { SAMPLING_REQUIRE_GPU: '1', SAMPLING_BACKEND: undefined });
    expect(status, log).toBe(1);
    expect(tests.map((t) => t.state)).toEqual(['failed', 'failed', 'failed']);
    for (const t of tests) expect(t.errors[0]?.message).toMatch(/^SAMPLING_REQUIRE_GPU=1 but there is no usable GPU: no GPU \(cuda: no driver library; hip: driver but no device\)\. Full reason: no GPU \(cuda: no driver library \(could not load/);
  }, 150_000);

  it('without a startup the file decides for itself and prints the reason once (SAMPLING_BACKEND=none)', () => {
    const { status, log, tests } = runFixture(configs.own, { SAMPLING_REQUIRE_GPU: undefined, SAMPLING_BACKEND: 'none' });
    expect(status, log).toBe(0);
    expect(tests.map((t) => [t.fullName, t.state, t.skipReason])).toEqual(NAMES.map((n) => [n, 'skipped', 'SAMPLING_BACKEND=none: GPU use disabled by the environment']));
    expect(log.match(/GPU tests skipped/g)).toHaveLength(1);
  }, 150_000);
});
