import { describe, expect, it } from 'vitest';
import { resolveLaunch, resolveStages, resolveWorkspaceBytes } from './launch.ts';
import type { ManifestEntry } from './types.ts';
import { validateManifest } from './validate.ts';

function entry(launch: Record<string, unknown>, workspaceBytes: string | number = 0, workspace = false, vocabRange = [1, 2097152]): ManifestEntry {
  const json = {
    name: 'k',
    file: 'k.hip',
    function: 'k',
    family: 'prefix-sum',
    params: [
      { name: 'input', type: 'f32*', role: 'in', shape: 'batch*vocab' },
      { name: 'out', type: 'f32*', role: 'out', shape: 'batch*vocab' },
      ...(workspace ? [{ name: 'scratch', type: 'void*', role: 'workspace' }] : []),
      { name: 'batch', type: 'i32', role: 'scalar' },
      { name: 'vocab', type: 'i32', role: 'scalar', range: vocabRange },
    ],
    launch,
    reference: { op: 'prefix-sum' },
    tiePolicy: null,
    rng: null,
    workspaceBytes,
    invalidRows: 'unspecified',
    outputs: { out: 'sums' },
  };
  return validateManifest({ version: 1, entries: [json] }, { file: 'm.json', dir: '/k', fileExists: () => true }).entries[0] as ManifestEntry;
}
const H200 = { multiprocessors: 132 };

describe('resolveLaunch', () => {
  it('evaluates the grid and shared-memory rules for a shape', () => {
    expect(resolveLaunch(entry({ grid: 'batch', block: 256, sharedBytes: 0 }), { batch: 3, vocab: 10 })).toEqual({ grid: 3, block: 256, sharedBytes: 0, cooperative: false });
    expect(resolveLaunch(entry({ grid: 'ceilDiv(batch * vocab, block)', block: 256, sharedBytes: 'block * 8' }), { batch: 2, vocab: 1000 })).toEqual({
      grid: 8,
      block: 256,
      sharedBytes: 2048,
      cooperative: false,
    });
  });

  it('evaluates a block expression first, then grid and shared memory with that block', () => {
    const e = entry({ grid: 'ceilDiv(vocab, block) * batch', block: 'min(256, vocab)', sharedBytes: 'block * 4' });
    expect(resolveLaunch(e, { batch: 2, vocab: 100 })).toEqual({ grid: 2, block: 100, sharedBytes: 400, cooperative: false });
    expect(resolveLaunch(e, { batch: 2, vocab: 1000 })).toEqual({ grid: 8, block: 256, sharedBytes: 1024, cooperative: false });
  });

  it('reads multiprocessors from the device, and fails clearly without one', () => {
    const e = entry({ grid: 'min(batch, multiprocessors * 2)', block: 512, cooperative: true });
    expect(resolveLaunch(e, { batch: 1000, vocab: 8 }, H200)).toEqual({ grid: 264, block: 512, sharedBytes: 0, cooperative: true });
    expect(resolveLaunch(e, { batch: 10, vocab: 8 }, H200).grid).toBe(10);
    expect(() => resolveLaunch(e, { batch: 10, vocab: 8 })).toThrow(
      /'k' launch\.grid \(min\(batch, multiprocessors \* 2\)\): 'multiprocessors' is not available here: the device's multiprocessor count is only known at bind time/,
    );
  });

  it('rejects shapes outside the declared ranges, naming the argument and range', () => {
    const e = entry({ grid: 'batch', block: 256 });
    expect(() => resolveLaunch(e, { batch: 0, vocab: 10 })).toThrow(/batch must be an integer in \[1, 2147483647\]/);
    expect(() => resolveLaunch(e, { batch: 1, vocab: 2 ** 21 + 1 })).toThrow(/vocab must be an integer in \[1, 2097152\]/);
    expect(() => resolveLaunch(e, { batch: 1.5, vocab: 4 })).toThrow(RangeError);
  });

  it('rejects an empty grid and a block above 1024: at load on a probe, at bind on any other shape', () => {
    const launch = { grid: 'batch * (vocab - 3)', block: 'min(vocab - 2, 1024 + vocab - 1000)' };
    expect(() => entry(launch, 0, false, [3, 1000])).toThrow(/field 'launch\.grid': at batch 1, vocab 3, multiprocessors 1: launch\.grid = 0 is outside \[1, 2147483647\]/);
    const e = entry(launch, 0, false, [4, 1000]);
    expect(resolveLaunch(e, { batch: 1, vocab: 1000 })).toMatchObject({ grid: 997, block: 998 });
    // the same rules under a wider range than the probes saw: the bind-time check is the same function
    const wide = { ...e, params: e.params.map((p) => (p.name === 'vocab' ? { ...p, range: [3, 2000] as const } : p)) };
    expect(() => resolveLaunch(wide, { batch: 1, vocab: 3 })).toThrow(/'k' launch\.grid = 0 is outside \[1, 2147483647\]/);
    expect(() => resolveLaunch(wide, { batch: 1, vocab: 1027 })).toThrow(/'k' launch\.block = 1025 is outside \[1, 1024\]/);
  });

  it('evaluates the workspace formula, with block from the launch', () => {
    expect(resolveWorkspaceBytes(entry({ grid: 'batch', block: 128 }, 'batch * block * 4', true), { batch: 2, vocab: 8 })).toBe(1024);
    expect(resolveWorkspaceBytes(entry({ grid: 'batch', block: 128 }), { batch: 2, vocab: 8 })).toBe(0);
  });

  it('gives one stage for a single-kernel entry', () => {
    const e = entry({ grid: 'batch', block: 64 });
    expect(resolveStages(e, { batch: 4, vocab: 8 })).toEqual([{ grid: 4, block: 64, sharedBytes: 0, cooperative: false }]);
    expect(e.stages).toEqual([{ function: 'k', launch: e.launch, args: ['input', 'out', 'batch', 'vocab'] }]);
  });
});
