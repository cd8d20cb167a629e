/**
 * Which GPU backend this machine can run, or precisely why none: no driver library, a driver without a device,
 * or a device without its compiler. The configured backend (SAMPLING_BACKEND=cuda|hip|none|fake) overrides the
 * automatic choice.
 */
import { config, type BackendChoice } from '../src/config/index.ts';
import { errorMessage } from '../src/errors.ts';
import { DriverApi } from './backends/driver-api.ts';
import { loadFirst } from './backends/native-lib.ts';
import { DRIVER_VENDORS as VENDORS } from './backends/vendors.ts';
import { compilerVersion } from './compile.ts';

export type GpuBackend = 'cuda' | 'hip';

/** What probing one driver library found. */
export type DriverProbe =
  | { readonly loaded: false; readonly error: string }
  | { readonly loaded: true; readonly soname: string; readonly deviceCount: number; readonly driverVersion: number; readonly error?: string };

export interface DetectDeps {
  /** The configured choice; default config().backend. */
  readonly backend: BackendChoice;
  probe(backend: GpuBackend): DriverProbe;
  compilerVersion(backend: GpuBackend): Promise<string>;
}

export type Detected =
  | {
      readonly ok: true;
      readonly backend: GpuBackend;
      readonly library: string;
      readonly deviceCount: number;
      readonly driverVersion: number;
      readonly compiler: string;
    }
  | { readonly ok: false; readonly reason: string };

const COMPILER: Record<GpuBackend, string> = { cuda: 'nvcc', hip: 'hipcc' };

/** Loads the library, initializes it and counts devices; never throws. */
export function probeDriver(backend: GpuBackend): DriverProbe {
  let loaded;
  try {
    loaded = loadFirst(VENDORS[backend].sonames);
  } catch (e) {
    return { loaded: false, error: errorMessage(e) };
  }
  try {
    const api = new DriverApi(VENDORS[backend], loaded);
    const version = [0];
    api.status('driverGetVersion', version);
    const found = { loaded: true, soname: loaded.soname, driverVersion: version[0] ?? 0 } as const;
    const count = [0];
    for (const [op, args] of [['init', [0]], ['deviceGetCount', [count]]] as const) {
      const rc = api.status(op, ...args);
      if (rc !== api.vendor.codes.success) {
        return { ...found, deviceCount: 0, error: `${api.symbol(op)} → ${api.describe(rc) ?? 'no description'} (${rc})` };
      }
    }
    return { ...found, deviceCount: count[0] ?? 0 };
  } catch (e) {
    return { loaded: true, soname: loaded.soname, deviceCount: 0, driverVersion: 0, error: errorMessage(e) };
  }
}

export async function detect(deps: Partial<DetectDeps> = {}): Promise<Detected> {
  const d: DetectDeps = { probe: probeDriver, compilerVersion, ...deps, backend: deps.backend ?? config().backend };
  const choice = d.backend;
  if (choice === 'none') return { ok: false, reason: 'SAMPLING_BACKEND=none: GPU use disabled by the environment' };
  if (choice === 'fake') return { ok: false, reason: 'SAMPLING_BACKEND=fake selects the CPU fake backend: no GPU' };
  const candidates: GpuBackend[] = choice === 'auto' ? ['cuda', 'hip'] : [choice];
  const notes: string[] = [];
  for (const backend of candidates) {
    const p = d.probe(backend);
    if (!p.loaded) {
      notes.push(`${backend}: no driver library (${p.error})`);
      continue;
    }
    if (p.deviceCount < 1) {
      notes.push(`${backend}: driver ${p.soname} found but no device${p.error ? ` (${p.error})` : ''}`);
      continue;
    }
    let compiler: string;
    try {
      compiler = await d.compilerVersion(backend);
    } catch (e) {
      notes.push(`${backend}: ${p.deviceCount} device(s) on ${p.soname} but compiler ${COMPILER[backend]} missing (${errorMessage(e)})`);
      continue;
    }
    const firstLine = compiler.split('\n').filter((l) => l.trim() !== '').pop() ?? compiler;
    return { ok: true, backend, library: p.soname, deviceCount: p.deviceCount, driverVersion: p.driverVersion, compiler: firstLine.trim() };
  }
  return { ok: false, reason: notes.join('; ') };
}
