// The run's startup decides once whether GPU tests run, and an explicit request the machine cannot honour stops the
// run instead of becoming a green run of skipped tests.
import { describe, expect, it } from 'vitest';
import type { Detected } from '../../harness/index.ts';
import { decideGpu } from './startup.ts';

const none: Detected = { ok: false, reason: 'cuda: no driver library; hip: driver libamdhip64.so found but no device' };
const cuda: Detected = { ok: true, backend: 'cuda', library: 'libcuda.so.1', deviceCount: 1, driverVersion: 13000, compiler: 'nvcc 13.0' };
const probe = (d: Detected) => async (): Promise<Detected> => d;

describe('decideGpu', () => {
  it('auto without a GPU: GPU tests do not run, with the short reason (NOT VERIFIED, not a failure)', async () => {
    await expect(decideGpu({ backend: 'auto', requireGpu: false }, probe(none))).resolves.toEqual({ usable: false, reason: `no GPU (${none.reason})` });
  });
  it('SAMPLING_BACKEND=cuda without the CUDA runtime fails the run at startup (before: exit 0, everything skipped)', async () => {
    await expect(decideGpu({ backend: 'cuda', requireGpu: false }, probe(none))).rejects.toThrow(/SAMPLING_BACKEND=cuda was requested, but that runtime is not usable here: cuda: no driver library/);
    await expect(decideGpu({ backend: 'hip', requireGpu: false }, probe(none))).rejects.toThrow(/SAMPLING_BACKEND=hip was requested/);
  });
  it('SAMPLING_REQUIRE_GPU=1 without a GPU fails the run at startup', async () => {
    await expect(decideGpu({ backend: 'auto', requireGpu: true }, probe(none))).rejects.toThrow(/SAMPLING_REQUIRE_GPU=1, but no usable GPU was found/);
  });
  it('a usable GPU is handed on with its backend', async () => {
    await expect(decideGpu({ backend: 'auto', requireGpu: true }, probe(cuda))).resolves.toEqual({ usable: true, backend: 'cuda', compiler: 'nvcc 13.0' });
  });
  it('none and fake never probe and never count as verified', async () => {
    const trap = async (): Promise<Detected> => {
      throw new Error('probed');
    };
    await expect(decideGpu({ backend: 'none', requireGpu: false }, trap)).resolves.toMatchObject({ usable: false, reason: expect.stringMatching(/SAMPLING_BACKEND=none/) });
    await expect(decideGpu({ backend: 'fake', requireGpu: false }, trap)).resolves.toMatchObject({ usable: false });
  });
});
