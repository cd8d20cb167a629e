/**
 * The host Philox known-answer test (kernels/tests/philox_kat.cpp): built with the host C++ compiler from the same
 * device code as kernels/include/philox.h, and run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostCheck } from './report.ts';

function run(cmd: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (e) => done({ code: -1, output: `${output}\n${e.message}` }));
    child.on('close', (code) => done({ code: code ?? -1, output }));
  });
}

export async function hostPhiloxKat(kernelDir: string): Promise<HostCheck> {
  const source = join(kernelDir, 'tests', 'philox_kat.cpp');
  const name = 'philox-kat';
  if (!existsSync(source)) return { name, status: 'skipped', output: `${source} not present` };
  const cxx = ['c++', 'g++', 'clang++'].find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
  if (cxx === undefined) return { name, status: 'skipped', output: 'no host C++ compiler (c++, g++ or clang++)' };
  const work = mkdtempSync(join(tmpdir(), 'philox-kat-'));
  try {
    const exe = join(work, 'philox_kat');
    const built = await run(cxx, ['-std=c++17', '-O2', '-Wall', '-Werror', source, '-o', exe]);
    if (built.code !== 0) return { name, status: 'failed', output: built.output };
    const ran = await run(exe, []);
    return { name, status: ran.code === 0 ? 'ok' : 'failed', output: ran.output.trim() };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
