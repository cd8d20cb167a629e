/** Builds the backend a worker owns; imported lazily so a fake worker never loads a driver library. */
import type { Backend, BackendKind } from './types.ts';

export async function createBackend(kind: BackendKind): Promise<Backend> {
  switch (kind) {
    case 'cuda':
    case 'hip': {
      const [{ DriverBackend }, { DRIVER_VENDORS }] = await Promise.all([import('./driver.ts'), import('./vendors.ts')]);
      return DriverBackend.load(DRIVER_VENDORS[kind]);
    }
    case 'fake':
      return new (await import('./fake.ts')).FakeBackend();
    default:
      throw new RangeError(`backend must be 'cuda', 'hip' or 'fake', got '${String(kind)}'`);
  }
}
