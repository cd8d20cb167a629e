/** The worker's pre-launch steps against the in-process fake backend. */
import { describe, expect, it, vi } from 'vitest';
import { FakeBackend } from '../backends/fake.ts';
import { DEFAULT_MAX_DYNAMIC_SHARED_BYTES } from '../backends/types.ts';
import { functionState, optInSharedBytes, zeroRanges } from './launch-setup.ts';

function echoFunction(): { backend: FakeBackend; fn: ReturnType<typeof functionState>; launch: (sharedBytes: number) => void } {
  const backend = new FakeBackend();
  backend.init();
  const stream = backend.createStream();
  const out = backend.alloc(16);
  const fn = functionState(backend.getFunction(backend.loadModule(new Uint8Array()), 'launch_echo'));
  const one = { x: 1, y: 1, z: 1 };
  const launch = (sharedBytes: number): void =>
    backend.launch(fn.handle, { grid: one, block: one, sharedBytes, args: [{ type: 'ptr', buffer: out }], cooperative: false }, stream);
  return { backend, fn, launch };
}

describe('optInSharedBytes', () => {
  it('is needed: the fake, like the drivers, refuses more than the default without it', () => {
    const { launch } = echoFunction();
    expect(() => launch(DEFAULT_MAX_DYNAMIC_SHARED_BYTES)).not.toThrow();
    expect(() => launch(DEFAULT_MAX_DYNAMIC_SHARED_BYTES + 1)).toThrow(/exceeds the function's maximum dynamic shared size 49152/);
  });

  it('raises a function\'s limit once per larger request, never for the default', () => {
    const { backend, fn, launch } = echoFunction();
    const set = vi.spyOn(backend, 'setMaxDynamicSharedBytes');
    for (const bytes of [0, 48 * 1024, 64 * 1024, 64 * 1024, 56 * 1024, 80 * 1024]) {
      optInSharedBytes(backend, fn, bytes);
      launch(bytes);
    }
    expect(set.mock.calls).toEqual([[fn.handle, 64 * 1024], [fn.handle, 80 * 1024]]);
  });

  it('refuses a request above the device\'s opt-in maximum, naming both', () => {
    const { backend, fn } = echoFunction();
    const limit = backend.deviceInfo().maxSharedBytesPerBlockOptin;
    expect(() => optInSharedBytes(backend, fn, limit + 1)).toThrow(new RegExp(`sharedBytes must be at most ${limit} .*got ${limit + 1}`));
    expect(() => optInSharedBytes(backend, fn, 1.5)).toThrow(/sharedBytes must be an integer/);
  });
});

describe('zeroRanges', () => {
  const buffers = new Map([[1, { ptr: 0x1000n, bytes: 64 }], [2, { ptr: 0x2000n, bytes: 8 }]]);
  const lookup = (id: number): { ptr: bigint; bytes: number } => {
    const b = buffers.get(id);
    if (!b) throw new RangeError(`buffer #${id} is not allocated`);
    return b;
  };

  it('maps buffer ids to device ranges', () => {
    expect(zeroRanges([{ bufferId: 1, bytes: 64 }, { bufferId: 2, bytes: 0 }], lookup)).toEqual([{ ptr: 0x1000n, bytes: 64 }, { ptr: 0x2000n, bytes: 0 }]);
  });

  it('refuses a range past the buffer or an unknown buffer before zeroing anything', () => {
    expect(() => zeroRanges([{ bufferId: 1, bytes: 8 }, { bufferId: 2, bytes: 9 }], lookup)).toThrow(/zeroBefore\[1\]\.bytes must be an integer in \[0, 8\] \(buffer #2's size\), got 9/);
    expect(() => zeroRanges([{ bufferId: 3, bytes: 1 }], lookup)).toThrow(/buffer #3/);
  });
});
