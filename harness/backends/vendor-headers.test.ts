/**
 * Checks each driver vendor table against the vendor's own C header where one is installed (cuda.h from the CUDA
 * toolkit, hip/hip_runtime_api.h from HIP), through the C++ preprocessor and compiler: every symbol is the name the
 * header declares the API under, with as many parameters as the table's prototype, and every attribute id and
 * status code is the header's value. This is how the GPU-only parts of the tables are checked on a machine
 * without the driver library or a device.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUDA } from './cuda-api.ts';
import { requiredOps, symbolName, type DriverOp, type DriverVendor } from './driver-vendor.ts';
import { HIP } from './hip-api.ts';

interface HeaderCase {
  readonly vendor: DriverVendor;
  readonly header: string;
  readonly includeDirs: readonly string[];
  readonly defines: readonly string[];
  /** Symbols bound under an older name than the header's current one, and why that is right. */
  readonly olderNames: Readonly<Record<string, string>>;
  /** The header's name for each number the table holds. */
  readonly constants: (v: DriverVendor) => Readonly<Record<string, number | readonly number[]>>;
}

const cudaDirs = (): string[] => {
  const versioned = existsSync('/usr/local') ? readdirSync('/usr/local').filter((d) => /^cuda-\d/.test(d)).sort().reverse() : [];
  return ['/usr/local/cuda', ...versioned.map((d) => `/usr/local/${d}`)].map((d) => `${d}/include`);
};

const CASES: readonly HeaderCase[] = [
  {
    vendor: CUDA,
    header: 'cuda.h',
    includeDirs: cudaDirs(),
    defines: [],
    olderNames: { cuEventElapsedTime: 'its _v2 needs a CUDA 12.8 driver; drivers keep exporting the original' },
    constants: (v) => ({
      CU_DEVICE_ATTRIBUTE_WARP_SIZE: v.deviceAttributes.warpSize,
      CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT: v.deviceAttributes.multiprocessors,
      CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN: v.deviceAttributes.sharedBytesPerBlockOptin,
      CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR: v.arch.from === 'compute-capability' ? v.arch.majorAttribute : -1,
      CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR: v.arch.from === 'compute-capability' ? v.arch.minorAttribute : -1,
      CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES: v.functionAttributes.maxDynamicSharedBytes,
      CUDA_SUCCESS: v.codes.success,
      CUDA_ERROR_NOT_READY: v.codes.notReady,
      CUDA_ERROR_NO_DEVICE: v.codes.noDevice,
    }),
  },
  {
    vendor: HIP,
    header: 'hip/hip_runtime_api.h',
    includeDirs: ['/opt/rocm/include', '/usr/include'],
    defines: ['-D__HIP_PLATFORM_AMD__'],
    olderNames: { hipGetDeviceProperties: 'only gcnArchName is read, found in either layout of the struct' },
    constants: (v) => ({
      hipDeviceAttributeWarpSize: v.deviceAttributes.warpSize,
      hipDeviceAttributeMultiprocessorCount: v.deviceAttributes.multiprocessors,
      hipDeviceAttributeSharedMemPerBlockOptin: v.deviceAttributes.sharedBytesPerBlockOptin.slice(0, 1),
      hipDeviceAttributeMaxSharedMemoryPerBlock: v.deviceAttributes.sharedBytesPerBlockOptin.slice(1),
      hipFuncAttributeMaxDynamicSharedMemorySize: v.functionAttributes.maxDynamicSharedBytes,
      hipSuccess: v.codes.success,
      hipErrorNotReady: v.codes.notReady,
      hipErrorNoDevice: v.codes.noDevice,
    }),
  },
];

function compiler(): boolean {
  try {
    execFileSync('c++', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const HAVE_CXX = compiler();

const includeDir = (c: HeaderCase): string | undefined => c.includeDirs.find((d) => existsSync(path.join(d, c.header)));

function preprocess(c: HeaderCase, dir: string, body: string): string {
  const input = `#include <${c.header}>\n${body}\n`;
  return execFileSync('c++', ['-E', '-P', '-x', 'c++', ...c.defines, `-I${dir}`, '-'], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** The header's value of each named enumerator, by compiling and running a program that prints them. */
function enumValues(c: HeaderCase, dir: string, names: readonly string[]): Record<string, number> {
  const work = mkdtempSync(path.join(tmpdir(), 'vendor-header-'));
  try {
    const prints = names.map((n) => `std::printf("%s %d\\n", "${n}", static_cast<int>(${n}));`).join('\n');
    const source = `#include <${c.header}>\n#include <cstdio>\nint main() {\n${prints}\nreturn 0;\n}\n`;
    const exe = path.join(work, 'values');
    execFileSync('c++', ['-x', 'c++', ...c.defines, `-I${dir}`, '-', '-o', exe], { input: source, stdio: ['pipe', 'ignore', 'pipe'] });
    const out = execFileSync(exe, { encoding: 'utf8' });
    return Object.fromEntries(out.trim().split('\n').map((l) => [l.split(' ')[0] as string, Number(l.split(' ')[1])]));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const paramCount = (list: string): number => (list.trim() === '' || list.trim() === 'void' ? 0 : list.split(',').length);
const prototypeParams = (proto: string): number => paramCount(/\(([^()]*)\)/.exec(proto)?.[1] ?? '');

describe.each(CASES)('$vendor.kind vendor table against $header', (c) => {
  const dir = includeDir(c);
  const why = !HAVE_CXX ? 'no c++ compiler' : dir === undefined ? `no ${c.header} in ${c.includeDirs.join(', ')}` : '';
  if (why) console.log(`[vendor-headers.test] ${c.vendor.kind} skipped: ${why}`);

  it.skipIf(why !== '')('binds each operation under the name the header declares, with its parameter count', () => {
    const ops = Object.keys(c.vendor.symbols) as DriverOp[];
    expect(ops).toEqual(expect.arrayContaining(requiredOps(c.vendor)));
    const names = ops.map((op) => symbolName(c.vendor.symbols[op] as string));
    const probe = names.map((n) => `SYMBOL_PROBE ${n} ;`).join('\n');
    const text = preprocess(c, dir as string, probe);
    const expanded = [...text.matchAll(/SYMBOL_PROBE (\w+) ;/g)].map((m) => m[1] as string);
    ops.forEach((op, i) => {
      const name = names[i] as string;
      const current = expanded[i] as string;
      if (current !== name) expect(c.olderNames[name], `${name}: the header calls it ${current}`).toBeDefined();
      const decl = new RegExp(`\\b${current}\\s*\\(([^()]*)\\)`).exec(text);
      if (decl === null && c.vendor.lazy[op] !== undefined) {
        console.log(`[vendor-headers.test] ${name} (lazy) is not in this ${c.header}`);
        return;
      }
      expect(decl, `${current} declared in ${c.header}`).not.toBeNull();
      expect(paramCount(decl?.[1] ?? ''), `${name} parameters`).toBe(prototypeParams(c.vendor.symbols[op] as string));
    });
  }, 60_000);

  it.skipIf(why !== '')('holds the header\'s attribute ids and status codes', () => {
    const want = c.constants(c.vendor);
    const got = enumValues(c, dir as string, Object.keys(want));
    for (const [name, value] of Object.entries(want)) {
      if (Array.isArray(value)) expect(value, name).toEqual([got[name]]);
      else expect(got[name], name).toBe(value);
    }
  }, 60_000);
});

describe('symbolName', () => {
  it('reads the identifier before the parameter list', () => {
    expect(symbolName('const char *hipGetErrorString(int error)')).toBe('hipGetErrorString');
    expect(symbolName('int cuCtxSynchronize()')).toBe('cuCtxSynchronize');
    expect(() => symbolName('int x')).toThrow(/not a C prototype/);
  });
});

