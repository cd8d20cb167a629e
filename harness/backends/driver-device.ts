/** Opening device 0 the vendor's way (DriverVendor.context) and reading what DeviceInfo reports. */
import type { DriverApi } from './driver-api.ts';
import { archName } from './driver-arch.ts';
import { DriverError } from './driver-error.ts';
import { toBigInt, toNumber } from './native-lib.ts';
import type { DeviceInfo } from './types.ts';

/** Initializes the runtime, makes device 0 current and describes it; returns its device handle too. */
export function openDevice(api: DriverApi): { device: number; info: DeviceInfo } {
  const v = api.vendor;
  api.call('init', [0]);
  const count = [0];
  api.call('deviceGetCount', [count]);
  if ((count[0] as number) < 1) throw new DriverError(v.kind, api.symbol('deviceGetCount'), v.codes.noDevice, `no ${v.kind} device`);
  const dev = [0];
  api.call('deviceGet', [dev, 0]);
  const device = dev[0] as number;
  if (v.context === 'set-device') {
    api.call('setDevice', [device]);
  } else {
    const ctx: unknown[] = [null];
    api.call('primaryCtxRetain', [ctx, device]);
    api.call('ctxSetCurrent', [toBigInt(ctx[0], 'context')]);
  }
  return { device, info: describeDevice(api, device) };
}

/** Waits for the device's work, then lets go of what openDevice took. */
export function closeDevice(api: DriverApi, device: number): void {
  api.call('synchronize', []);
  if (api.vendor.context === 'primary-context') api.call('primaryCtxRelease', [device]);
}

function describeDevice(api: DriverApi, device: number): DeviceInfo {
  const ids = api.vendor.deviceAttributes;
  const attribute = (id: number): number => {
    const v = [0];
    api.call('deviceGetAttribute', [v, id, device], `attribute ${id}`);
    return v[0] as number;
  };
  const name = Buffer.alloc(256);
  api.call('deviceGetName', [name, name.length, device]);
  const total: unknown[] = [0];
  api.call('deviceTotalMem', [total, device]);
  const driver = [0];
  api.call('driverGetVersion', [driver]);
  const runtime = [0];
  if (api.has('runtimeGetVersion')) api.call('runtimeGetVersion', [runtime]);
  return {
    backend: api.vendor.kind,
    name: name.toString('utf8', 0, name.indexOf(0)),
    arch: archName(api, device, attribute),
    warpSize: attribute(ids.warpSize),
    multiprocessors: attribute(ids.multiprocessors),
    maxSharedBytesPerBlockOptin: firstPositiveAttribute(api, device, ids.sharedBytesPerBlockOptin),
    totalMemBytes: toNumber(total[0], 'total memory'),
    driverVersion: driver[0] as number,
    ...(api.has('runtimeGetVersion') ? { runtimeVersion: runtime[0] as number } : {}),
  };
}

function firstPositiveAttribute(api: DriverApi, device: number, ids: readonly number[]): number {
  for (const id of ids) {
    const v = [0];
    if (api.status('deviceGetAttribute', v, id, device) === api.vendor.codes.success && (v[0] as number) > 0) return v[0] as number;
  }
  throw new Error(`${api.symbol('deviceGetAttribute')}: none of attributes ${ids.join(', ')} answered with a positive value`);
}
