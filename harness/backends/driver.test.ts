/**
 * The driver backend over each vendor table, driven through a scripted stand-in for the native library: which
 * symbol each Backend call reaches and with what, the vendor's context and arch conventions, error texts, and the
 * lazily bound cooperative launch. What the real libraries do with these calls is the GPU suite's to check.
 */
import { describe, expect, it } from 'vitest';
import { CUDA } from './cuda-api.ts';
import { DriverApi } from './driver-api.ts';
import { DriverError } from './driver-error.ts';
import { symbolName, type DriverVendor } from './driver-vendor.ts';
import { DriverBackend } from './driver.ts';
import { HIP } from './hip-api.ts';
import { readNative } from './marshal.ts';
import type { LoadedLibrary } from './native-lib.ts';

type Handler = (...args: unknown[]) => unknown;
const OK = 0;
const put = (out: unknown, v: unknown): number => {
  (out as unknown[])[0] = v;
  return OK;
};

/** A library whose symbols are the given handlers; binding any other symbol fails, as koffi does. */
function mockLibrary(handlers: Record<string, Handler>): { loaded: LoadedLibrary; calls: [string, unknown[]][] } {
  const calls: [string, unknown[]][] = [];
  const func = (proto: string): Handler => {
    const name = symbolName(proto);
    const h = handlers[name];
    if (!h) throw new Error(`Cannot find function '${name}' in shared library`);
    return (...args) => {
      calls.push([name, args]);
      return h(...args);
    };
  };
  return { loaded: { lib: { func } as unknown as LoadedLibrary['lib'], soname: 'libmock.so.1' }, calls };
}

/** Every common symbol answers success with plausible outputs; `overrides` replace some. */
function device(vendor: DriverVendor, attributes: Record<number, number | 'error'>, overrides: Record<string, Handler> = {}) {
  const s = (op: keyof DriverVendor['symbols']): string => symbolName(vendor.symbols[op] as string);
  let handle = 0x1000n;
  const next = (out: unknown): number => put(out, (handle += 0x100n));
  const handlers: Record<string, Handler> = {
    [s('init')]: () => OK,
    [s('driverGetVersion')]: (out) => put(out, 13000),
    [s('deviceGetCount')]: (out) => put(out, 1),
    [s('deviceGet')]: (out, ordinal) => put(out, ordinal),
    [s('deviceGetName')]: (buf) => ((buf as Buffer).write('Mock GPU\0'), OK),
    [s('deviceGetAttribute')]: (out, id) => (attributes[id as number] === 'error' || attributes[id as number] === undefined ? 1 : put(out, attributes[id as number])),
    [s('deviceTotalMem')]: (out) => put(out, 80 * 2 ** 30),
    [s('synchronize')]: () => OK,
    [s('moduleLoadData')]: next,
    [s('moduleGetFunction')]: next,
    [s('funcSetAttribute')]: () => OK,
    [s('memAlloc')]: next,
    [s('memsetD8Async')]: () => OK,
    [s('launchKernel')]: () => OK,
    [s('streamCreate')]: next,
    [s('eventCreate')]: next,
    [s('getErrorString')]: vendor.errorText === 'returned' ? (code) => `mock error ${String(code)}` : (code, out) => put(out, `mock error ${String(code)}`),
    ...(vendor.context === 'primary-context'
      ? { [s('primaryCtxRetain')]: (out) => put(out, 0xc0ffeen), [s('ctxSetCurrent')]: () => OK, [s('primaryCtxRelease')]: () => OK }
      : { [s('setDevice')]: () => OK }),
    ...(vendor.arch.from === 'gcn-arch-name' ? { [s('getDeviceProperties')]: (props) => ((props as Uint8Array).set(Buffer.from('gfx942:sramecc+:xnack-\0'), 396), OK) } : {}),
    ...(vendor.symbols.runtimeGetVersion ? { [s('runtimeGetVersion')]: (out) => put(out, 60_200_000) } : {}),
    ...overrides,
  };
  for (const op of Object.keys(vendor.symbols) as (keyof DriverVendor['symbols'])[]) {
    if (vendor.lazy[op] === undefined) handlers[s(op)] ??= () => OK; // a lazy symbol exists only when a test says so
  }
  return mockLibrary(handlers);
}

const one = { x: 1, y: 1, z: 1 };

describe('DriverBackend over the CUDA table', () => {
  const attrs = { 10: 32, 16: 132, 75: 9, 76: 0, 97: 232448 };

  it('retains and sets the primary context, names the arch sm_<cc>, and reads the opt-in shared memory', () => {
    const { loaded, calls } = device(CUDA, attrs);
    const b = new DriverBackend(new DriverApi(CUDA, loaded));
    expect(b.init()).toEqual({
      backend: 'cuda', name: 'Mock GPU', arch: 'sm_90', warpSize: 32, multiprocessors: 132,
      maxSharedBytesPerBlockOptin: 232448, totalMemBytes: 80 * 2 ** 30, driverVersion: 13000,
    });
    expect(calls.map((c) => c[0]).slice(0, 5)).toEqual(['cuInit', 'cuDeviceGetCount', 'cuDeviceGet', 'cuDevicePrimaryCtxRetain', 'cuCtxSetCurrent']);
    expect(calls.find((c) => c[0] === 'cuCtxSetCurrent')?.[1]).toEqual([0xc0ffeen]);
    b.close();
    expect(calls.slice(-2).map((c) => c[0])).toEqual(['cuCtxSynchronize', 'cuDevicePrimaryCtxRelease_v2']);
  });

  it('launches cooperatively through cuLaunchCooperativeKernel with the marshalled parameters', () => {
    const { loaded, calls } = device(CUDA, attrs, {
      cuLaunchCooperativeKernel: (...a) => {
        const table = a[9] as bigint;
        expect(new DataView(readNative(table, 8).buffer).getBigUint64(0, true)).not.toBe(0n); // slot 0's address
        return OK;
      },
    });
    const b = new DriverBackend(new DriverApi(CUDA, loaded));
    b.launch(7n, { grid: { x: 132, y: 1, z: 1 }, block: { x: 256, y: 1, z: 1 }, sharedBytes: 1024, args: [{ type: 'i32', value: 3 }], cooperative: true }, 9n);
    const coop = calls.find((c) => c[0] === 'cuLaunchCooperativeKernel')?.[1];
    expect(coop?.slice(0, 9)).toEqual([7n, 132, 1, 1, 256, 1, 1, 1024, 9n]);
    expect(coop).toHaveLength(10);
    b.launch(7n, { grid: one, block: one, sharedBytes: 0, args: [], cooperative: false }, 9n);
    expect(calls.at(-1)).toEqual(['cuLaunchKernel', [7n, 1, 1, 1, 1, 1, 1, 0, 9n, 0n, 0n]]);
  });

  it('zeroes with cuMemsetD8Async and opts in with cuFuncSetAttribute(8)', () => {
    const { loaded, calls } = device(CUDA, attrs);
    const b = new DriverBackend(new DriverApi(CUDA, loaded));
    b.memsetD8Async(0xd000n, 0, 4096, 9n);
    b.setMaxDynamicSharedBytes(7n, 100_000);
    expect(calls).toEqual([['cuMemsetD8Async', [0xd000n, 0, 4096, 9n]], ['cuFuncSetAttribute', [7n, 8, 100_000]]]);
    expect(() => b.memsetD8Async(0xd000n, 256, 1, 9n)).toThrow(/memset value must be an integer in \[0, 255\]/);
  });

  it('reports a failed call with the driver\'s text, the symbol and the launch shape', () => {
    const { loaded } = device(CUDA, attrs, { cuLaunchCooperativeKernel: () => 720 });
    const b = new DriverBackend(new DriverApi(CUDA, loaded));
    const launch = { grid: { x: 999, y: 1, z: 1 }, block: { x: 1024, y: 1, z: 1 }, sharedBytes: 0, args: [], cooperative: true };
    expect(() => b.launch(7n, launch, 9n)).toThrow(DriverError);
    expect(() => b.launch(7n, launch, 9n)).toThrow('cuLaunchCooperativeKernel(grid 999x1x1, block 1024x1x1, 0 shared bytes) failed: mock error 720 (cuda error 720)');
  });

  it('polls events: not ready, then ready; any other status is an error', () => {
    const answers = [600, 0, 700];
    const { loaded } = device(CUDA, attrs, { cuEventQuery: () => answers.shift() });
    const b = new DriverBackend(new DriverApi(CUDA, loaded));
    expect(b.eventQuery(1n)).toBe(false);
    expect(b.eventQuery(1n)).toBe(true);
    expect(() => b.eventQuery(1n)).toThrow(/cuEventQuery failed: mock error 700/);
  });

  it('refuses a library without one of its symbols, naming it', () => {
    const { loaded } = device(CUDA, attrs, {});
    const lib = { ...loaded, lib: { func: (p: string) => (symbolName(p) === 'cuMemsetD8Async' ? (() => { throw new Error('missing'); })() : loaded.lib.func(p)) } } as unknown as LoadedLibrary;
    expect(() => new DriverApi(CUDA, lib)).toThrow(/libcuda lacks symbol cuMemsetD8Async/);
  });
});

describe('DriverBackend over the HIP table', () => {
  const attrs: Record<number, number | 'error'> = { 87: 64, 63: 304, 75: 'error', 74: 65536 };

  it('sets the device, names the arch from gcnArchName, and falls back to the per-block maximum', () => {
    const { loaded, calls } = device(HIP, attrs);
    const b = new DriverBackend(new DriverApi(HIP, loaded));
    expect(b.init()).toMatchObject({ backend: 'hip', arch: 'gfx942', warpSize: 64, multiprocessors: 304, maxSharedBytesPerBlockOptin: 65536, runtimeVersion: 60_200_000 });
    expect(calls.map((c) => c[0])).toContain('hipSetDevice');
    expect(calls.map((c) => c[0])).not.toContain('hipDevicePrimaryCtxRetain');
    const { loaded: l2 } = device(HIP, { ...attrs, 75: 0, 74: 0 });
    expect(() => new DriverBackend(new DriverApi(HIP, l2)).init()).toThrow(/hipDeviceGetAttribute: none of attributes 75, 74 answered with a positive value/);
  });

  it('describes errors with the returned string and creates streams and events with flags 0', () => {
    const { loaded, calls } = device(HIP, attrs, { hipModuleGetFunction: () => 500 });
    const b = new DriverBackend(new DriverApi(HIP, loaded));
    expect(() => b.getFunction(1n, 'topk')).toThrow("hipModuleGetFunction('topk') failed: mock error 500 (hip error 500)");
    expect(b.createStream()).toBeTypeOf('bigint');
    expect(b.eventCreate()).toBeTypeOf('bigint');
    expect(calls.slice(-2).map(([n, a]) => [n, a[1]])).toEqual([['hipStreamCreateWithFlags', 0], ['hipEventCreateWithFlags', 0]]);
  });

  it('binds hipModuleLaunchCooperativeKernel only for a cooperative launch, and says when the runtime lacks it', () => {
    const without = device(HIP, attrs);
    const b = new DriverBackend(new DriverApi(HIP, without.loaded));
    b.launch(7n, { grid: one, block: one, sharedBytes: 0, args: [], cooperative: false }, 9n);
    expect(() => b.launch(7n, { grid: one, block: one, sharedBytes: 0, args: [], cooperative: true }, 9n)).toThrow(
      'cooperative launches need hipModuleLaunchCooperativeKernel, which libmock.so.1 lacks: this runtime predates it; use a newer one',
    );
    const withIt = device(HIP, attrs, { hipModuleLaunchCooperativeKernel: () => OK });
    new DriverBackend(new DriverApi(HIP, withIt.loaded)).launch(7n, { grid: one, block: { x: 64, y: 1, z: 1 }, sharedBytes: 8, args: [], cooperative: true }, 9n);
    expect(withIt.calls.at(-1)).toEqual(['hipModuleLaunchCooperativeKernel', [7n, 1, 1, 1, 64, 1, 1, 8, 9n, 0n]]);
  });
});
