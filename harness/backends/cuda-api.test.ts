/** Binds every CUDA symbol against libcuda where it is installed; cuda.h checks run in vendor-headers.test.ts. */
import { describe, expect, it } from 'vitest';
import { CUDA } from './cuda-api.ts';
import { DriverApi } from './driver-api.ts';
import { requiredOps } from './driver-vendor.ts';
import { loadFirst, type LoadedLibrary } from './native-lib.ts';

let lib: LoadedLibrary | null = null;
try {
  lib = loadFirst(CUDA.sonames);
} catch {
  console.log('[cuda-api.test] symbol binding skipped: no libcuda on this machine');
}

describe.skipIf(lib === null)('CUDA driver symbols', () => {
  it('binds every symbol the driver backend calls', () => {
    const api = new DriverApi(CUDA, lib as LoadedLibrary);
    for (const op of requiredOps(CUDA)) expect(typeof api.fn(op), op).toBe('function');
  });
});
