import { describe, expect, it } from 'vitest';
import { detect, probeDriver, type DriverProbe, type GpuBackend } from './detect.ts';

const none: DriverProbe = { loaded: false, error: 'libX.so: cannot open shared object file' };
const noDevice: DriverProbe = { loaded: true, soname: 'libamdhip64.so.5', deviceCount: 0, driverVersion: 50221153, error: 'hipGetDeviceCount → hipErrorNoDevice (100)' };
const oneDevice: DriverProbe = { loaded: true, soname: 'libcuda.so.1', deviceCount: 1, driverVersion: 13000 };
const probes = (p: Partial<Record<GpuBackend, DriverProbe>>) => (b: GpuBackend): DriverProbe => p[b] ?? none;
const compilers = (ok: GpuBackend[]) => async (b: GpuBackend): Promise<string> => {
  if (!ok.includes(b)) throw new Error(`spawn ${b === 'cuda' ? 'nvcc' : 'hipcc'} ENOENT`);
  return 'nvcc: NVIDIA (R) Cuda compiler driver\nCuda compilation tools, release 13.0, V13.0.88\n';
};

describe('detect', () => {
  it('says neither driver library loads', async () => {
    const r = await detect({ backend: 'auto', probe: probes({}), compilerVersion: compilers(['cuda', 'hip']) });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/cuda: no driver library .*; hip: no driver library/);
  });

  it('says a driver was found without a device', async () => {
    const r = await detect({ backend: 'auto', probe: probes({ hip: noDevice }), compilerVersion: compilers(['hip']) });
    expect(!r.ok && r.reason).toMatch(/hip: driver libamdhip64\.so\.5 found but no device \(hipGetDeviceCount → hipErrorNoDevice \(100\)\)/);
  });

  it('says the device is there but the compiler is missing', async () => {
    const r = await detect({ backend: 'auto', probe: probes({ cuda: oneDevice }), compilerVersion: compilers([]) });
    expect(!r.ok && r.reason).toMatch(/cuda: 1 device\(s\) on libcuda\.so\.1 but compiler nvcc missing \(spawn nvcc ENOENT\)/);
  });

  it('picks cuda when everything is present, with the compiler version line', async () => {
    const r = await detect({ backend: 'auto', probe: probes({ cuda: oneDevice }), compilerVersion: compilers(['cuda']) });
    expect(r).toEqual({ ok: true, backend: 'cuda', library: 'libcuda.so.1', deviceCount: 1, driverVersion: 13000, compiler: 'Cuda compilation tools, release 13.0, V13.0.88' });
  });

  it('honours the configured backend (SAMPLING_BACKEND)', async () => {
    const deps = { probe: probes({ cuda: oneDevice, hip: { ...oneDevice, soname: 'libamdhip64.so' } }), compilerVersion: compilers(['cuda', 'hip']) };
    expect(await detect({ ...deps, backend: 'hip' })).toMatchObject({ ok: true, backend: 'hip' });
    expect(await detect({ ...deps, backend: 'none' })).toEqual({ ok: false, reason: expect.stringMatching(/SAMPLING_BACKEND=none/) });
    expect(await detect({ ...deps, backend: 'fake' })).toEqual({ ok: false, reason: expect.stringMatching(/SAMPLING_BACKEND=fake/) });
  });

  it('probes the real libraries of this machine without throwing', async () => {
    for (const b of ['cuda', 'hip'] as const) {
      const p = probeDriver(b);
      expect(typeof p.loaded).toBe('boolean');
    }
    const r = await detect();
    expect(r.ok || r.reason.length > 0).toBe(true);
  });
});
