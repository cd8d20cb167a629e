/**
 * `trapRunner`: a runner for the suites' CPU validation tests that fails and records any device call, so a test
 * proves a bad call was rejected before anything reached the device. `info()` is not a device call: validation
 * reads the device's memory size from it.
 */
import type { KernelRunner } from '../../harness/kernel-binding.ts';

/** Memory the trap device claims: large, so only the call's own limits reject a shape. */
const TRAP_MEMORY_BYTES = 2 ** 40;
/** Dynamic shared memory per block the trap device allows: an H100/H200's opt-in maximum (227 KiB), not the 48 KiB default. */
const TRAP_SHARED_OPTIN_BYTES = 227 * 1024;

export function trapRunner(): KernelRunner & { calls: string[] } {
  const calls: string[] = [];
  const trap = (name: string) => (): never => {
    calls.push(name);
    throw new Error(`trapRunner: ${name} must not be reached`);
  };
  return {
    calls,
    info: () => ({ backend: 'fake', name: 'trap', arch: 'fake', warpSize: 32, multiprocessors: 1, maxSharedBytesPerBlockOptin: TRAP_SHARED_OPTIN_BYTES, totalMemBytes: TRAP_MEMORY_BYTES, driverVersion: 0 }),
    compile: trap('compile'),
    upload: trap('upload'),
    alloc: trap('alloc'),
    download: trap('download'),
    free: trap('free'),
    launch: trap('launch'),
  };
}
