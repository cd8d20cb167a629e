import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  diagnosticLines,
  findCompiler,
  parseAmdgpuUsage,
  parsePtxasUsage,
  requiredCompilers,
  runCompileGates,
  writeReport,
  type Compiler,
} from './compile-gates.ts';

const ROOT = resolve(import.meta.dirname, '..');
const KERNELS = join(ROOT, 'kernels');
const compilers: Record<Compiler, string | null> = { nvcc: findCompiler('nvcc'), hipcc: findCompiler('hipcc') };
const required = requiredCompilers(process.env);
const missing = (Object.keys(compilers) as Compiler[]).filter((c) => compilers[c] === null);

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
    ].join('\n');
    expect(parsePtxasUsage(text)).toEqual({
      a: { registers: 40, sharedBytes: 4384, stackBytes: 24, spillStoreBytes: 46, spillLoadBytes: 52 },
      b: { registers: 30, sharedBytes: 128, stackBytes: 0, spillStoreBytes: 0, spillLoadBytes: 0 },
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

  it('requires hipcc in CI, nothing locally, or exactly what COMPILE_GATES_REQUIRE lists', () => {
    expect(requiredCompilers({ CI: 'true' })).toEqual(['nvcc', 'hipcc']);
    expect(requiredCompilers({})).toEqual([]);
    expect(requiredCompilers({ CI: 'true', COMPILE_GATES_REQUIRE: 'nvcc, hipcc' })).toEqual(['nvcc', 'hipcc']);
    expect(() => requiredCompilers({ COMPILE_GATES_REQUIRE: 'clang' })).toThrow(/nvcc or hipcc, got 'clang'/);
  });

  it('rejects a bad jobs count', async () => {
    await expect(runCompileGates({ dir: KERNELS, jobs: 0, required: [] })).rejects.toThrow(/jobs must be an integer in \[1, 64\]/);
  });

  it('fails a required compiler that is absent instead of skipping it', async () => {
    const report = await runCompileGates({ dir: KERNELS, jobs: 2, required: ['hipcc', 'nvcc'], compilerPaths: { nvcc: null, hipcc: null } });
    expect(report.ok).toBe(false);
    expect(report.results.every((r) => r.status === 'failed' && /not found/.test(r.reason ?? ''))).toBe(true);
  });
});

describe('compile gates on the shipped kernels', () => {
  it('compiles every manifest file for sm_90, gfx90a and gfx1030 without warnings', async (ctx) => {
    const blocking = missing.filter((c) => required.includes(c));
    if (blocking.length > 0) throw new Error(`required compiler(s) missing: ${blocking.join(', ')} (CI installs hipcc)`);
    if (missing.length === Object.keys(compilers).length) ctx.skip(`no GPU compiler installed (${missing.join(', ')} not found)`);
    const report = await runCompileGates({ dir: KERNELS, jobs: 2, required });
    writeReport(report, join(ROOT, 'reports', 'compile-gates.json'));
    const failures = report.results.filter((r) => r.status === 'failed');
    expect(failures.map((f) => ({ file: f.file, target: f.target, reason: f.reason, diagnostics: f.diagnostics }))).toEqual([]);
    expect(report.hostChecks.map((h) => [h.name, h.status])).toEqual([['philox-kat', 'ok']]);
    const manifest = JSON.parse(readFileSync(join(KERNELS, 'manifest.json'), 'utf8')) as { entries: { function: string }[] };
    for (const r of report.results.filter((x) => x.status === 'ok')) {
      for (const resources of Object.values(r.kernels)) expect(resources.sharedBytes, `${r.file} ${r.target}`).toBeGreaterThan(0);
    }
    const compiled = new Set(report.results.filter((x) => x.status === 'ok').flatMap((r) => Object.keys(r.kernels)));
    expect(manifest.entries.map((e) => e.function).filter((f) => !compiled.has(f))).toEqual([]);
    expect(report.ok).toBe(true);
  }, 240_000);

  it('fails on a warning and on a manifest function that the file does not define', async (ctx) => {
    if (missing.length === Object.keys(compilers).length) ctx.skip('no GPU compiler installed');
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
    const report = await runCompileGates({ dir, jobs: 2, required: [] });
    expect(report.ok).toBe(false);
    for (const r of report.results.filter((x) => x.status !== 'skipped')) {
      expect(r.status, `${r.file} ${r.target}`).toBe('failed');
      if (r.file === 'warn.hip') expect(r.diagnostics.join('\n')).toMatch(/unused/);
      else expect([r.reason, r.missingFunctions, Object.keys(r.kernels)]).toEqual(['manifest functions not compiled', ['ghost_kernel'], ['clean_kernel']]);
    }
  }, 120_000);
});
