/**
 * The kernels widen f16/bf16 rows with kernels/include/elements.h; the reference and the checks are fed
 * src/manifest/elements.ts's widening. Both must give the same fp32 value for every one of the 65,536 bit patterns
 * of each type, or a 16-bit kernel would be replayed against rows it did not read. The header is compiled for the
 * host (the same code the device runs) by kernels/tests/elements_dump.cpp.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { widenElements } from './elements.ts';

const SOURCE = resolve(import.meta.dirname, '../../kernels/tests/elements_dump.cpp');
const CXX = ['c++', 'g++', 'clang++'].find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
const work = mkdtempSync(join(tmpdir(), 'elements-kernel-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The kernel header's widening of every pattern: [f16 bits, bf16 bits] as fp32 bit patterns. */
function kernelWidening(cxx: string): { f16: Uint32Array; bf16: Uint32Array } {
  const exe = join(work, 'elements_dump');
  const built = spawnSync(cxx, ['-std=c++17', '-O2', '-Wall', '-Werror', SOURCE, '-o', exe], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`${cxx} failed on ${SOURCE}:\n${built.stderr}`);
  const ran = spawnSync(exe, [], { maxBuffer: 1 << 20 });
  if (ran.status !== 0 || ran.stdout.length !== 2 * 65536 * 4) throw new Error(`elements_dump failed (status ${ran.status}, ${ran.stdout.length} bytes)`);
  const words = new Uint32Array(ran.stdout.buffer.slice(ran.stdout.byteOffset, ran.stdout.byteOffset + ran.stdout.length));
  return { f16: words.subarray(0, 65536), bf16: words.subarray(65536) };
}

const ALL = Uint16Array.from({ length: 65536 }, (_v, i) => i);
const isNaNBits = (b: number): boolean => (b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0;
const hex = (x: number): string => `0x${x.toString(16).padStart(8, '0')}`;

describe('f16/bf16 widening: kernel header = reference', () => {
  it.skipIf(CXX === undefined)('every one of the 65,536 patterns of each type widens to the same fp32 bits (a NaN to a NaN)', () => {
    const kernel = kernelWidening(CXX as string);
    for (const type of ['f16', 'bf16'] as const) {
      const want = new Uint32Array(widenElements(type, ALL).buffer);
      const got = kernel[type];
      // JavaScript numbers quiet a signalling NaN (its payload gains bit 22); the kernel keeps it. Every NaN makes its
      // row invalid and never reaches an output, so a NaN must widen to a NaN; every other pattern to the same bits.
      const same = (h: number): boolean => got[h] === want[h] || (isNaNBits(got[h] as number) && isNaNBits(want[h] as number) && ((got[h] as number) | 0x400000) >>> 0 === want[h]);
      const diff = [...ALL].filter((h) => !same(h)).slice(0, 5);
      expect(diff.map((h) => `${type} 0x${h.toString(16)}: kernel ${hex(got[h] as number)}, reference ${hex(want[h] as number)}`), type).toEqual([]);
    }
    // the dump is what it claims: spot values of both encodings
    expect([kernel.f16[0x3c00], kernel.f16[0x0001], kernel.f16[0x8000], kernel.bf16[0x3f80]].map((b) => hex(b as number))).toEqual(['0x3f800000', '0x33800000', '0x80000000', '0x3f800000']);
  });
});
