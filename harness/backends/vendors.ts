/** The driver vendor table of each GPU backend kind. */
import { CUDA } from './cuda-api.ts';
import type { DriverVendor } from './driver-vendor.ts';
import { HIP } from './hip-api.ts';

export const DRIVER_VENDORS: Readonly<Record<DriverVendor['kind'], DriverVendor>> = { cuda: CUDA, hip: HIP };
