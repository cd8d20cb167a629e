/** The compiler target of the device, named the vendor's way (DriverVendor.arch). */
import { config } from '../../src/config/index.ts';
import type { DriverApi } from './driver-api.ts';

/** hipDeviceProp_t is under 2 KiB in every ROCm so far; the extra room absorbs future growth. */
const DEVICE_PROP_BYTES = 8192;

/** Finds gcnArchName ("gfx90a:sramecc+:xnack-") in a hipDeviceProp_t without depending on its layout. */
export function findGcnArch(props: Uint8Array): string | null {
  const text = Buffer.from(props.buffer, props.byteOffset, props.byteLength).toString('latin1');
  const m = /gfx[0-9a-f]+(?::[a-z]+[+-])*/.exec(text);
  return m ? m[0] : null;
}

/** 'sm_90' or 'gfx90a': what the compiler's arch flag takes. */
export function archName(api: DriverApi, device: number, attribute: (id: number) => number): string {
  const arch = api.vendor.arch;
  if (arch.from === 'compute-capability') return `sm_${attribute(arch.majorAttribute)}${attribute(arch.minorAttribute)}`;
  const props = new Uint8Array(DEVICE_PROP_BYTES);
  api.call('getDeviceProperties', [props, device]);
  const gcn = config().hipArch ?? findGcnArch(props);
  if (!gcn) throw new Error(`${api.symbol('getDeviceProperties')}: no gcnArchName found; set SAMPLING_HIP_ARCH (e.g. gfx90a)`);
  return gcn.split(':')[0] as string; // the compiler target; feature flags (xnack) stay default
}
