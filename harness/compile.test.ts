import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileKernel, compilerFlags } from './compile.ts';
import { collectIncludes } from './includes.ts';

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
    expect((await readdir(cacheDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('builds the documented compiler flags and rejects bad targets', () => {
    expect(compilerFlags({ backend: 'cuda', arch: 'sm_90' }, ['/inc'], { N: 4, F: true })).toEqual([
      '-cubin', '-arch=sm_90', '-x', 'cu', '-std=c++17', '-O3', '-Werror', 'all-warnings', '-I/inc', '-DF=1', '-DN=4',
    ]);
    expect(compilerFlags({ backend: 'hip', arch: 'gfx1030' }, [], {})).toEqual(['--genco', '--offload-arch=gfx1030', '-O3', '-Werror']);
    expect(() => compilerFlags({ backend: 'cuda', arch: 'gfx90a' }, [], {})).toThrow(/target\.arch must look like sm_90/);
    expect(() => compilerFlags({ backend: 'hip', arch: 'sm_90' }, [], {})).toThrow(RangeError);
    expect(() => compilerFlags({ backend: 'cuda', arch: 'sm_90' }, [], { 'BAD NAME': 1 })).toThrow(/defines key 'BAD NAME'/);
  });

  it('names a missing source', async () => {
    await expect(compileKernel({ source: path.join(dir, 'nope.hip'), target: { backend: 'fake', arch: 'fake' }, cacheDir: dir })).rejects.toThrow(
      /source '.*nope\.hip' does not exist/,
    );
  });

  it('compiles the real test kernel with nvcc where nvcc exists, and reports compiler errors', async (ctx) => {
    const kernels = path.join(import.meta.dirname, 'test-kernels');
    let r;
    try {
      r = await compileKernel({ source: path.join(kernels, 'saxpy.hip'), includeDirs: [kernels], target: { backend: 'cuda', arch: 'sm_90' }, cacheDir: path.join(dir, 'nv') });
    } catch (e) {
      if (/not runnable/.test(String(e))) {
        console.log(`[compile.test] nvcc compile skipped: ${String(e)}`);
        ctx.skip();
      }
      throw e;
    }
    expect(r.binary.byteLength).toBeGreaterThan(100);
    const bad = path.join(dir, 'bad.cu');
    await writeFile(bad, 'extern "C" __global__ void k() { int unused; }\n');
    await expect(compileKernel({ source: bad, target: { backend: 'cuda', arch: 'sm_90' }, cacheDir: path.join(dir, 'nv') })).rejects.toThrow(/nvcc failed for .*bad\.cu/);
  }, 120_000);
});
