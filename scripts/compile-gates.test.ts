import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createVitest } from 'vitest/node';
import { config } from '../src/config/index.ts';
import { loadManifest } from '../src/manifest/load.ts';
import { parseCompileGatesArgs } from './compile-gates.ts';
import { describeCompileGates } from './compile-gates/gate-tests.ts';
import { COMPILE_GATES_FILE } from './compile-gates/report.ts';
import { diagnosticLines, parseAmdgpuUsage, parsePtxasUsage } from './compile-gates/resource-usage.ts';
import { installedCompilers, requiredCompilers, runCompileGates } from './compile-gates/run.ts';
import { writeArtifact } from './write-artifact.ts';

const ROOT = resolve(import.meta.dirname, '..');
const KERNELS = join(ROOT, 'kernels');
const JOBS = os.availableParallelism();

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('compile-gate parsers', () => {
  it('reads ptxas -v per kernel, with and without a stack-frame line', () => {
    const text = [
      "ptxas info    : Compiling entry function 'a' for 'sm_90'",
      'ptxas info    : Function properties for a',
      '    24 bytes stack frame, 46 bytes spill stores, 52 bytes spill loads',
      'ptxas info    : Used 40 registers, used 1 barriers, 24 bytes cumulative stack size, 4384 bytes smem',
      'ptxas info    : Function properties for b',
      'ptxas info    : Used 30 registers, used 1 barriers, 128 bytes smem',
      'ptxas info    : Function properties for c',
      'ptxas info    : Used 64 registers, used 1 barriers, 72 bytes cumulative stack size',
    ].join('\n');
    expect(parsePtxasUsage(text)).toEqual({
      a: { registers: 40, sharedBytes: 4384, stackBytes: 24, spillStoreBytes: 46, spillLoadBytes: 52 },
      b: { registers: 30, sharedBytes: 128, stackBytes: 0, spillStoreBytes: 0, spillLoadBytes: 0 },
      // dynamic shared memory only: ptxas prints no smem
      c: { registers: 64, sharedBytes: 0, stackBytes: 0, spillStoreBytes: 0, spillLoadBytes: 0 },
    });
  });

  it('reads clang kernel-resource-usage remarks per kernel', () => {
    const text = [
      'x.hip:3:1: remark: Function Name: k [-Rpass-analysis=kernel-resource-usage]',
      'x.hip:3:1: remark:     SGPRs: 52 [-Rpass-analysis=kernel-resource-usage]',
      'x.hip:3:1: remark:     VGPRs: 46 [-Rpass-analysis=kernel-resource-usage]',
      'x.hip:3:1: remark:     ScratchSize [bytes/lane]: 16 [-Rpass-analysis=kernel-resource-usage]',
      'x.hip:3:1: remark:     VGPRs Spill: 0 [-Rpass-analysis=kernel-resource-usage]',
      'x.hip:3:1: remark:     LDS Size [bytes/block]: 11968 [-Rpass-analysis=kernel-resource-usage]',
    ].join('\n');
    expect(parseAmdgpuUsage(text)).toEqual({ k: { sgprs: 52, vgprs: 46, scratchBytesPerLane: 16, vgprSpills: 0, sharedBytes: 11968 } });
  });

  it('keeps warnings and errors, drops resource notes', () => {
    expect(diagnosticLines("a.hip:1:2: warning: unused variable 'x' [-Wunused-variable]\nptxas info : Used 3 registers\nb: remark: VGPRs: 4")).toEqual([
      "a.hip:1:2: warning: unused variable 'x' [-Wunused-variable]",
    ]);
  });
});

describe('compile-gate options', () => {
  it('requires both compilers in CI, nothing elsewhere, or exactly what --require lists', () => {
    expect(requiredCompilers(true)).toEqual(['nvcc', 'hipcc']);
    expect(requiredCompilers(false)).toEqual([]);
    expect(requiredCompilers(true, ['hipcc'])).toEqual(['hipcc']);
    expect(() => requiredCompilers(false, ['clang'])).toThrow(/--require entries must be nvcc or hipcc, got 'clang'/);
  });

  it('parses the command line with parseArgs and names a bad option', () => {
    expect(parseCompileGatesArgs(['--dir', 'kernels', '--jobs', '3', '--require', 'nvcc,hipcc'], 2)).toMatchObject({ dir: KERNELS, out: null, jobs: 3, require: ['nvcc', 'hipcc'] });
    expect(parseCompileGatesArgs([], 2)).toMatchObject({ dir: KERNELS, jobs: 2, require: [] });
    expect(() => parseCompileGatesArgs(['--jobs', '0'])).toThrow(/--jobs must be an integer in \[1, 64\], got 0/);
    expect(() => parseCompileGatesArgs(['--bogus'])).toThrow(/Unknown option '--bogus'[\s\S]*usage: npx tsx scripts\/compile-gates\.ts/);
  });

  it('rejects a bad jobs count', async () => {
    await expect(runCompileGates({ dir: KERNELS, jobs: 0, required: [] })).rejects.toThrow(/jobs must be an integer in \[1, 64\]/);
  });

  it('fails a required compiler that is absent instead of skipping it', async () => {
    const report = await runCompileGates({ dir: KERNELS, jobs: 2, required: ['hipcc', 'nvcc'], compilers: { nvcc: null, hipcc: null } });
    expect(report.ok).toBe(false);
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.results.filter((r) => !(r.status === 'failed' && /not found \(required here\)/.test(r.reason ?? '')))).toEqual([]);
  });
});

describe('a target that cannot be compiled here', () => {
  it('is one skipped test per target with its reason (a failed one when required), never a pass', async () => {
    const file = join(import.meta.dirname, 'compile-gates', 'testdata', 'missing-compilers.case.ts');
    // its own vitest, quiet: the failures it is expected to report are not this run's
    const quiet = new Writable({ write: (_chunk, _enc, done) => done() });
    const vitest = await createVitest('test', { config: false, root: ROOT, include: [file], reporters: [], watch: false }, {}, { stdout: quiet, stderr: quiet });
    try {
      const run = await vitest.start([file]);
      const tests = run.testModules.flatMap((m) => [...m.children.allTests()]);
      const state = (name: string): [string, string | undefined] => {
        const t = tests.find((x) => x.fullName === name);
        if (t === undefined) throw new Error(`no test '${name}' among ${tests.map((x) => x.fullName).join(' | ')}`);
        const r = t.result();
        return [r.state, r.state === 'skipped' ? r.note : undefined];
      };
      const title = (target: string): string => `compiles every manifest file for ${target}: no error, no warning, every manifest function compiled`;
      expect(state(`optional compilers > ${title('sm_90')}`)).toEqual(['skipped', 'sm_90 not compile-checked here: nvcc not found']);
      expect(state(`optional compilers > ${title('gfx90a')}`)).toEqual(['skipped', 'gfx90a not compile-checked here: hipcc not found']);
      expect(state(`optional compilers > ${title('gfx1030')}`)).toEqual(['skipped', 'gfx1030 not compile-checked here: hipcc not found']);
      expect(state(`hipcc required > ${title('sm_90')}`)[0]).toBe('skipped');
      expect(state(`hipcc required > ${title('gfx90a')}`)[0]).toBe('failed');
      expect(state(`hipcc required > ${title('gfx1030')}`)[0]).toBe('failed');
      expect(tests.filter((t) => t.result().state === 'passed').map((t) => t.fullName).every((n) => n.endsWith('host Philox known-answer test'))).toBe(true);
    } finally {
      await vitest.close();
    }
  }, 120_000);
});

const shipped = describeCompileGates('compile gates on the shipped kernels', { dir: KERNELS, jobs: JOBS, required: requiredCompilers(config().ci) });

describe('compile gates on the shipped kernels: resources', () => {
  afterAll(async () => {
    writeArtifact(COMPILE_GATES_FILE, await shipped.report());
  });

  it('every compiled kernel uses shared memory, and every manifest function is compiled for some target', async (ctx) => {
    const report = await shipped.report();
    const ok = report.results.filter((x) => x.status === 'ok');
    if (ok.length === 0) ctx.skip('no GPU compiler installed here');
    // the validated entries: an element-type variant's launch is its base's (src/manifest/variants.ts)
    const manifest = loadManifest(KERNELS);
    // A kernel whose launch asks for dynamic shared memory may declare no static shared memory at all.
    const dynamic = new Set(manifest.entries.filter((e) => e.launch.sharedBytes !== 0).map((e) => e.function));
    for (const r of ok)
      for (const [name, resources] of Object.entries(r.kernels)) if (!dynamic.has(name)) expect(resources.sharedBytes, `${r.file} ${r.target} ${name}`).toBeGreaterThan(0);
    const compiled = new Set(ok.flatMap((r) => Object.keys(r.kernels)));
    expect(manifest.entries.map((e) => e.function).filter((f) => !compiled.has(f))).toEqual([]);
  }, 600_000);
});

describe('compile gates on a broken kernel directory', () => {
  it('fail on a warning and on a manifest function that the file does not define', async (ctx) => {
    const compilers = await installedCompilers();
    if (compilers.nvcc === null && compilers.hipcc === null) ctx.skip('no GPU compiler installed here (nvcc, hipcc)');
    const dir = mkdtempSync(join(tmpdir(), 'gates-'));
    temps.push(dir);
    const manifest = JSON.parse(readFileSync(join(KERNELS, 'manifest.json'), 'utf8')) as { entries: Record<string, unknown>[] };
    const base = manifest.entries.find((e) => e.name === 'inclusive_prefix_sum') as Record<string, unknown>;
    const entry = (name: string, file: string): Record<string, unknown> => ({ ...base, name, function: name, file });
    const entries = [entry('clean_kernel', 'clean.hip'), entry('ghost_kernel', 'clean.hip'), entry('warned_kernel', 'warn.hip')];
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: 1, entries }));
    const kernel = (name: string, extra: string): string =>
      `#include "${join(KERNELS, 'include', 'gpu_compat.h')}"\n` +
      `SAMPLING_KERNEL(256) ${name}(const float* in, float* out, int* valid, int batch, int vocab) {\n${extra}` +
      '  if (threadIdx.x == 0 && batch > 0 && vocab > 0) { out[0] = in[0]; valid[0] = 1; }\n}\n';
    writeFileSync(join(dir, 'clean.hip'), kernel('clean_kernel', ''));
    writeFileSync(join(dir, 'warn.hip'), kernel('warned_kernel', '  int unused = 3;\n'));
    // one target per installed compiler: this checks how the gates judge a compile, not target coverage
    const targets = [...(compilers.nvcc ? ['sm_90'] : []), ...(compilers.hipcc ? ['gfx90a'] : [])];
    const report = await runCompileGates({ dir, jobs: JOBS, required: [], compilers, targets });
    expect(report.ok).toBe(false);
    const judged = report.results.filter((x) => x.status !== 'skipped');
    expect(judged.length).toBeGreaterThan(0);
    for (const r of judged) {
      expect(r.status, `${r.file} ${r.target}`).toBe('failed');
      if (r.file === 'warn.hip') expect(r.diagnostics.join('\n')).toMatch(/unused/);
      else expect([r.reason, r.missingFunctions, Object.keys(r.kernels)]).toEqual(['manifest functions not compiled', ['ghost_kernel'], ['clean_kernel']]);
    }
  }, 300_000);
});
