import { describe, expect, it } from 'vitest';
import { bindCuda, CUDA_PROTOTYPES, CUDA_SONAMES } from './cuda-api.ts';
import { loadFirst, type LoadedLibrary } from './native-lib.ts';

let lib: LoadedLibrary | null = null;
let reason = '';
try {
  lib = loadFirst(CUDA_SONAMES);
} catch (e) {
  reason = e instanceof Error ? e.message : String(e);
  console.log(`[cuda-api.test] symbol binding skipped: ${reason}`);
}

describe.skipIf(lib === null)('CUDA driver symbols', () => {
  it('binds every symbol the CUDA backend calls', () => {
    const api = bindCuda((lib as LoadedLibrary).lib);
    expect(Object.keys(api).sort()).toEqual(Object.keys(CUDA_PROTOTYPES).sort());
    for (const f of Object.values(api)) expect(typeof f).toBe('function');
  });
});
