import { describe, expect, it } from 'vitest';
import { resolveLaunch, resolveWorkspaceBytes } from './launch.ts';
import type { ManifestEntry } from './types.ts';

function entry(grid: string | number, sharedBytes: string | number, workspaceBytes: string | number = 0): ManifestEntry {
  return {
    name: 'k',
    file: 'k.hip',
    function: 'k',
    family: 'prefix-sum',
    params: [
      { name: 'input', type: 'f32*', role: 'in', shape: 'batch*vocab' },
      { name: 'out', type: 'f32*', role: 'out', shape: 'batch*vocab' },
      { name: 'batch', type: 'i32', role: 'scalar' },
      { name: 'vocab', type: 'i32', role: 'scalar', range: [1, 2097152] },
    ],
    launch: { grid, block: 256, sharedBytes },
    reference: { op: 'prefix-sum' },
    tiePolicy: null,
    rng: null,
    workspaceBytes,
    outputs: { out: 'sums' },
  };
}

describe('resolveLaunch', () => {
  it('evaluates the grid and shared-memory rules for a shape', () => {
    expect(resolveLaunch(entry('batch', 0), { batch: 3, vocab: 10 })).toEqual({ grid: 3, block: 256, sharedBytes: 0 });
    expect(resolveLaunch(entry('ceilDiv(batch * vocab, block)', 'block * 8'), { batch: 2, vocab: 1000 })).toEqual({
      grid: 8,
      block: 256,
      sharedBytes: 2048,
    });
  });

  it('rejects shapes outside the declared ranges, naming the argument and range', () => {
    expect(() => resolveLaunch(entry('batch', 0), { batch: 0, vocab: 10 })).toThrow(/batch must be an integer in \[1, 2147483647\]/);
    expect(() => resolveLaunch(entry('batch', 0), { batch: 1, vocab: 2 ** 21 + 1 })).toThrow(/vocab must be an integer in \[1, 2097152\]/);
    expect(() => resolveLaunch(entry('batch', 0), { batch: 1.5, vocab: 4 })).toThrow(RangeError);
  });

  it('rejects an empty grid', () => {
    expect(() => resolveLaunch(entry('batch - 1', 0), { batch: 1, vocab: 4 })).toThrow(/launch.grid = 0/);
  });

  it('evaluates the workspace formula', () => {
    expect(resolveWorkspaceBytes(entry('batch', 0, 'batch * vocab * 4'), { batch: 2, vocab: 8 })).toBe(64);
    expect(resolveWorkspaceBytes(entry('batch', 0), { batch: 2, vocab: 8 })).toBe(0);
  });
});
