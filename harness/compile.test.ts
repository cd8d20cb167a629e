import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileKernel, compileUnit, compilerFlags, isDeterministicFailure } from './compile.ts';
import { isStaleLock, withKeyLock } from './compile-lock.ts';
import { collectIncludes } from './includes.ts';
import { CompilerMissingError, resolveCompiler, targetOf, versionLine } from './toolchain.ts';

const dir = await mkdtemp(path.join(os.tmpdir(), 'harness-compile-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function tree(): Promise<{ src: string; inc: string }> {
  const inc = path.join(dir, 'include');
  mkdirSync(inc, { recursive: true });
  await writeFile(path.join(inc, 'outer.h'), '#pragma once\n#include "inner.h"\n');
  await writeFile(path.join(inc, 'inner.h'), '#define INNER 1\n');
  const src = path.join(dir, 'k.hip');
  await writeFile(src, '#include <cstdint>\n#include "outer.h"\nextern "C" __global__ void k() {}\n');
  return { src, inc };
}

describe('compile', () => {
  it('collects included headers transitively, skipping system headers', async () => {
    const { src, inc } = await tree();
    const h = await collectIncludes(src, [inc]);
    expect(h.map((x) => x.name).sort()).toEqual(['inner.h', 'outer.h']);
  });

  it('caches by content: same inputs hit, a header edit misses', async () => {
    const { src, inc } = await tree();
    const cacheDir = path.join(dir, 'cache');
    const opts = { source: src, includeDirs: [inc], target: { backend: 'fake' as const, arch: 'fake' }, cacheDir };
    const a = await compileKernel(opts);
    const b = await compileKernel(opts);
    expect(a.cached).toBe(false);
    expect(b).toMatchObject({ cached: true, key: a.key });
    expect(a.path).toBe(path.join(cacheDir, `${a.key}.bin`));
    await writeFile(path.join(inc, 'inner.h'), '#define INNER 2\n');
    const c = await compileKernel(opts);
    expect(c.key).not.toBe(a.key);
    const d = await compileKernel({ ...opts, defines: { BLOCK: 256 } });
    expect(d.key).not.toBe(c.key);
    expect((await readdir(cacheDir)).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
  });

  it('keys by content, not by where the kernel directory lies: a copy elsewhere hits the same entry', async () => {
    const { src, inc } = await tree();
    const cacheDir = path.join(dir, 'cache-moved');
    const target = { backend: 'fake' as const, arch: 'fake' };
    const a = await compileKernel({ source: src, includeDirs: [inc], target, cacheDir });
    const moved = path.join(dir, 'elsewhere', 'deeper');
    mkdirSync(moved, { recursive: true });
    await cp(inc, path.join(moved, 'include'), { recursive: true });
    await cp(src, path.join(moved, 'k.hip'));
    const b = await compileKernel({ source: path.join(moved, 'k.hip'), includeDirs: [path.join(moved, 'include')], target, cacheDir });
    expect(b).toMatchObject({ key: a.key, cached: true });
  });

  it('builds one command line per target for the runner and the gates: warnings as errors, resource usage reported', () => {
    expect(compilerFlags({ backend: 'cuda', arch: 'sm_90' }, ['/inc'], { N: 4, F: true })).toEqual([
      '-cubin', '-arch=sm_90', '-x', 'cu', '-std=c++17', '-O3', '-Werror', 'all-warnings', '-Xptxas', '-v', '-I/inc', '-DF=1', '-DN=4',
    ]);
    expect(compilerFlags({ backend: 'hip', arch: 'gfx1030' }, [], {})).toEqual([
      '--genco', '--offload-arch=gfx1030', '-std=c++17', '-O3', '-Wall', '-Werror', '-Rpass-analysis=kernel-resource-usage',
    ]);
    expect(versionLine('nvcc: NVIDIA (R) Cuda compiler driver\nCuda compilation tools, release 13.0, V13.0.88\nBuild cuda_13.0\n')).toBe('Cuda compilation tools, release 13.0, V13.0.88');
    expect(versionLine('HIP version: 5.2.21153-0\nclang version 15\n')).toBe('HIP version: 5.2.21153-0');
    expect(targetOf('sm_90')).toEqual({ backend: 'cuda', arch: 'sm_90' });
    expect(targetOf('gfx90a')).toEqual({ backend: 'hip', arch: 'gfx90a' });
    expect(() => targetOf('x86')).toThrow(/target 'x86' must look like sm_90 \(nvcc\) or gfx90a \(hipcc\)/);
    expect(() => compilerFlags({ backend: 'cuda', arch: 'gfx90a' }, [], {})).toThrow(/target\.arch must look like sm_90/);
    expect(() => compilerFlags({ backend: 'hip', arch: 'sm_90' }, [], {})).toThrow(RangeError);
    expect(() => compilerFlags({ backend: 'cuda', arch: 'sm_90' }, [], { 'BAD NAME': 1 })).toThrow(/defines key 'BAD NAME'/);
  });

  it('names a missing source', async () => {
    await expect(compileKernel({ source: path.join(dir, 'nope.hip'), target: { backend: 'fake', arch: 'fake' }, cacheDir: dir })).rejects.toThrow(
      /source '.*nope\.hip' does not exist/,
    );
  });

  it('compiles the real test kernel with nvcc where nvcc exists, keeps its resource usage, and reports compiler errors', async (ctx) => {
    const nvcc = await resolveCompiler('nvcc').catch((e: unknown) => {
      if (e instanceof CompilerMissingError) ctx.skip(e.message);
      throw e;
    });
    const kernels = path.join(import.meta.dirname, 'test-kernels');
    // the shared cache: this unit's content never changes, so only the first run on a machine compiles it
    const r = await compileUnit({ source: path.join(kernels, 'saxpy.hip'), includeDirs: [kernels], target: { backend: 'cuda', arch: 'sm_90' }, compiler: nvcc });
    if (!r.ok) throw new Error(r.log);
    expect(r.binary.byteLength).toBeGreaterThan(100);
    expect(r.log).toMatch(/Function properties for saxpy/);
    const bad = path.join(dir, 'bad.cu');
    await writeFile(bad, 'extern "C" __global__ void k() { int unused; }\n');
    const failed = await compileUnit({ source: bad, target: { backend: 'cuda', arch: 'sm_90' }, cacheDir: path.join(dir, 'nv') });
    expect(failed).toMatchObject({ ok: false, cached: false, log: expect.stringMatching(/bad\.cu\(1\): error/) });
    // the compiler located the error in the source: the same inputs fail the same way, so the failure is kept
    expect(await readdir(path.join(dir, 'nv'))).toEqual([`${failed.key}.fail`]);
    expect(await compileUnit({ source: bad, target: { backend: 'cuda', arch: 'sm_90' }, cacheDir: path.join(dir, 'nv') })).toMatchObject({ ok: false, cached: true, log: failed.log });
    await expect(compileKernel({ source: bad, target: { backend: 'cuda', arch: 'sm_90' }, cacheDir: path.join(dir, 'nv') })).rejects.toThrow(/nvcc failed for .*bad\.cu/);
  }, 120_000);
});

describe('failed compiles', () => {
  it('are kept only when the compiler located the error in the source, never a crash or a kill', () => {
    expect(isDeterministicFailure(1, 'bad.cu(1): error #177-D: variable "unused" was declared but never referenced')).toBe(true);
    expect(isDeterministicFailure(1, "/k/warn.hip:3:7: error: unused variable 'unused' [-Werror,-Wunused-variable]")).toBe(true);
    expect(isDeterministicFailure(1, 'cc1plus: out of memory allocating 65536 bytes')).toBe(false);
    expect(isDeterministicFailure(null, 'a.hip:1:2: error: x')).toBe(false);
    expect(isDeterministicFailure(0, 'a.hip:1:2: warning: x')).toBe(false);
  });
});

describe('compile lock', () => {
  it('runs one holder at a time: a waiter sees the finished entry instead of compiling again', async () => {
    const lock = path.join(dir, 'k1.lock');
    let entry = false;
    const order: string[] = [];
    const first = withKeyLock(lock, () => entry, async () => {
      order.push('first:start');
      await new Promise((r) => setTimeout(r, 300));
      entry = true;
      order.push('first:end');
      return 'compiled';
    });
    await new Promise((r) => setTimeout(r, 50));
    const second = withKeyLock(lock, () => entry, async () => {
      order.push(`second:${entry ? 'found entry' : 'compiles'}`);
      return 'found';
    });
    expect(await Promise.all([first, second])).toEqual(['compiled', 'found']);
    expect(order).toEqual(['first:start', 'first:end', 'second:found entry']);
  });

  it('takes over a lock whose owner died', async () => {
    const lock = path.join(dir, 'k2.lock');
    writeFileSync(lock, `999999999 ${os.hostname()}`);
    expect(await isStaleLock(lock)).toBe(true);
    writeFileSync(lock, `${process.pid} ${os.hostname()}`);
    expect(await isStaleLock(lock)).toBe(false);
    expect(await isStaleLock(lock, Date.now() + 16 * 60_000)).toBe(true);
    writeFileSync(lock, `999999999 ${os.hostname()}`);
    expect(await withKeyLock(lock, () => false, async () => 'ran')).toBe('ran');
  });
});
