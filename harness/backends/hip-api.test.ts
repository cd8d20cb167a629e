/** Binds every HIP symbol against the installed libamdhip64 (it loads without an AMD GPU). */
import { describe, expect, it } from 'vitest';
import { DriverError } from './driver-error.ts';
import { bindHip, findGcnArch, HIP_PROTOTYPES, HIP_SONAMES } from './hip-api.ts';
import { HipBackend } from './hip.ts';
import { loadFirst, type LoadedLibrary } from './native-lib.ts';
import { detect, probeDriver } from '../detect.ts';

let lib: LoadedLibrary | null = null;
try {
  lib = loadFirst(HIP_SONAMES);
} catch (e) {
  console.log(`[hip-api.test] skipped: ${e instanceof Error ? e.message : String(e)}`);
}

describe.skipIf(lib === null)('HIP runtime symbols', () => {
  it('binds every symbol the HIP backend calls', () => {
    const api = bindHip((lib as LoadedLibrary).lib);
    expect(Object.keys(api).sort()).toEqual(Object.keys(HIP_PROTOTYPES).sort());
    for (const f of Object.values(api)) expect(typeof f).toBe('function');
  });

  it('fails init with a named driver error when there is no device', () => {
    const probe = probeDriver('hip');
    if (probe.loaded && probe.deviceCount > 0) return; // an AMD machine: the GPU suite covers init
    const backend = new HipBackend(bindHip((lib as LoadedLibrary).lib));
    expect(() => backend.init()).toThrow(DriverError);
    expect(() => backend.init()).toThrow(/hipGetDeviceCount|hipInit/);
    expect(probe).toMatchObject({ loaded: true, deviceCount: 0 });
  });

  it('detect() reports the HIP driver without a device cleanly', async () => {
    const probe = probeDriver('hip');
    if (probe.loaded && probe.deviceCount > 0) return;
    const r = await detect({ env: { SAMPLING_BACKEND: 'hip' } });
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/^hip: driver libamdhip64\.so[.0-9]* found but no device/) });
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
