/** Builds the backend a worker owns; imported lazily so a fake worker never loads a driver library. */
import type { Backend, BackendKind } from './types.ts';

export async function createBackend(kind: BackendKind): Promise<Backend> {
  switch (kind) {
    case 'cuda':
      return new (await import('./driver.ts')).DriverBackend((await import('./cuda-api.ts')).CUDA);
    case 'hip':
      return new (await import('./driver.ts')).DriverBackend((await import('./hip-api.ts')).HIP);
    case 'fake':
      return new (await import('./fake.ts')).FakeBackend();
    default:
      throw new RangeError(`backend must be 'cuda', 'hip' or 'fake', got '${String(kind)}'`);
  }
}
