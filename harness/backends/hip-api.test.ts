/** Binds every HIP symbol against the installed libamdhip64 (it loads without an AMD GPU). */
import { describe, expect, it } from 'vitest';
import { detect, probeDriver } from '../detect.ts';
import { DriverApi } from './driver-api.ts';
import { findGcnArch } from './driver-arch.ts';
import { DriverError } from './driver-error.ts';
import { requiredOps, type DriverOp } from './driver-vendor.ts';
import { DriverBackend } from './driver.ts';
import { HIP } from './hip-api.ts';
import { loadFirst, type LoadedLibrary } from './native-lib.ts';

let lib: LoadedLibrary | null = null;
try {
  lib = loadFirst(HIP.sonames);
} catch {
  console.log('[hip-api.test] skipped: no libamdhip64 on this machine');
}
const noDevice = (): boolean => {
  const probe = probeDriver('hip');
  return !(probe.loaded && probe.deviceCount > 0); // on an AMD machine the GPU suite covers these paths
};

describe.skipIf(lib === null)('HIP runtime symbols', () => {
  it('binds every symbol the driver backend calls, except the lazy ones', () => {
    const api = new DriverApi(HIP, lib as LoadedLibrary);
    for (const op of requiredOps(HIP).filter((o) => HIP.lazy[o] === undefined)) expect(typeof api.fn(op), op).toBe('function');
    expect(api.has('runtimeGetVersion')).toBe(true);
  });

  it('binds each lazy symbol, or says which feature needs the newer runtime that has it', () => {
    const api = new DriverApi(HIP, lib as LoadedLibrary);
    for (const op of Object.keys(HIP.lazy) as DriverOp[]) {
      let bound = false;
      try {
        bound = typeof api.fn(op) === 'function';
      } catch (e) {
        expect(String(e)).toContain(`${HIP.lazy[op]} need ${api.symbol(op)}, which ${api.soname} lacks`);
      }
      console.log(`[hip-api.test] ${api.symbol(op)} ${bound ? 'bound' : 'absent'} in ${api.soname}`);
    }
  });

  it.skipIf(!noDevice())('a cooperative launch on a runtime without it fails before reaching the driver', () => {
    const api = new DriverApi(HIP, lib as LoadedLibrary);
    let present = true;
    try {
      api.fn('launchCooperativeKernel');
    } catch {
      present = false;
    }
    if (present) return; // would call into the runtime with a made-up function handle
    const one = { x: 1, y: 1, z: 1 };
    expect(() => new DriverBackend(api).launch(1n, { grid: one, block: one, sharedBytes: 0, args: [], cooperative: true }, 0n)).toThrow(
      /cooperative launches need hipModuleLaunchCooperativeKernel/,
    );
  });

  it.skipIf(!noDevice())('fails init with a named driver error when there is no device', () => {
    const backend = new DriverBackend(new DriverApi(HIP, lib as LoadedLibrary));
    expect(() => backend.init()).toThrow(DriverError);
    expect(() => backend.init()).toThrow(/hipGetDeviceCount|hipInit/);
    expect(probeDriver('hip')).toMatchObject({ loaded: true, deviceCount: 0 });
  });

  it.skipIf(!noDevice())('detect() reports the HIP driver without a device cleanly', async () => {
    const r = await detect({ backend: 'hip' });
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/^hip: driver libamdhip64\.so[.0-9]* found but no device \(hip\w+ → .+ \(\d+\)\)$/) });
  });
});

describe('findGcnArch', () => {
  it('finds the arch wherever the struct puts it, with feature flags', () => {
    const props = new Uint8Array(4096);
    props.set(Buffer.from('AMD Instinct MI210\0'), 0);
    props.set(Buffer.from('gfx90a:sramecc+:xnack-\0'), 1160);
    expect(findGcnArch(props)).toBe('gfx90a:sramecc+:xnack-');
    const rdna = new Uint8Array(64);
    rdna.set(Buffer.from('gfx1030\0'), 10);
    expect(findGcnArch(rdna)).toBe('gfx1030');
    expect(findGcnArch(new Uint8Array(64))).toBeNull();
  });
});
