/**
 * `launch.split`: the split factor written once (grid, shared memory and workspace read `parts`), the range of
 * factors the kernel supports, the entry derived at a chosen factor, exact validation errors, and the shipped
 * manifest's split entries (same launches as the expressions they replaced).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from './load.ts';
import { ManifestError } from './manifest-error.ts';
import { resolveLaunch, resolveStages, resolveWorkspaceBytes, splitRangeAt } from './launch.ts';
import { withSplitParts } from './split.ts';
import type { ManifestEntry } from './types.ts';
import { validateManifest } from './validate.ts';

type Json = Record<string, unknown>;
const opts = { file: 'manifest.json', dir: '/k', fileExists: () => true };
const H200 = { multiprocessors: 132 };

/** A row-barrier kernel: parts capped by the multiprocessors, 64 + 32 bytes of workspace per part. */
function splitJson(split: Json | null = { parts: 'min(ceilDiv(vocab, 1000), min(multiprocessors, 256))', max: 'min(multiprocessors, 256)' }): Json {
  return {
    name: 'split_scan',
    file: 'k.hip',
    function: 'split_scan',
    family: 'prefix-sum',
    params: [
      { name: 'input', type: 'f32*', role: 'in', shape: 'batch*vocab' },
      { name: 'out', type: 'f32*', role: 'out', shape: 'batch*vocab' },
      { name: 'batch', type: 'i32', role: 'scalar', range: [1, 2147483647] },
      { name: 'vocab', type: 'i32', role: 'scalar', range: [1, 2097151] },
      { name: 'ws', type: 'void*', role: 'workspace' },
    ],
    launch: { grid: split === null ? 'batch' : 'batch * parts', block: 512, sharedBytes: split === null ? 0 : '1024 + 16 * parts', ...(split === null ? {} : { split }) },
    reference: { op: 'prefix-sum' },
    tiePolicy: null,
    rng: null,
    invalidRows: 'unspecified',
    workspaceBytes: split === null ? 0 : '256 + batch * (64 + 32 * parts)',
    outputs: { out: 'sums' },
  };
}
const one = (e: Json): ManifestEntry => validateManifest({ version: 1, entries: [e] }, opts).entries[0] as ManifestEntry;

function errorOf(mutate: (e: Json) => void): ManifestError {
  const e = splitJson();
  mutate(e);
  try {
    one(e);
  } catch (err) {
    if (err instanceof ManifestError) return err;
    throw err;
  }
  throw new Error('the manifest validated');
}
const launchOf = (e: Json): Json => e.launch as Json;
const splitOf = (e: Json): Json => launchOf(e).split as Json;

describe('launch.split', () => {
  it('grid, shared memory and workspace read the split factor; the launch reports it', () => {
    const e = one(splitJson());
    expect(e.launch.split).toEqual({ parts: 'min(ceilDiv(vocab, 1000), min(multiprocessors, 256))', min: 1, max: 'min(multiprocessors, 256)' });
    expect(resolveLaunch(e, { batch: 3, vocab: 4500 }, H200)).toEqual({ grid: 15, block: 512, sharedBytes: 1104, cooperative: false, parts: 5 });
    expect(resolveWorkspaceBytes(e, { batch: 3, vocab: 4500 }, H200)).toBe(256 + 3 * (64 + 32 * 5));
    expect(splitRangeAt(e, { batch: 3, vocab: 4500 }, H200)).toEqual({ parts: 5, min: 1, max: 132 });
    expect(splitRangeAt(e, { batch: 3, vocab: 4500 }, { multiprocessors: 300 })).toEqual({ parts: 5, min: 1, max: 256 });
  });

  it('an entry derived at a split factor launches, and sizes its workspace, at that factor', () => {
    const e = one(splitJson());
    for (const parts of [1, 2, 7, 132]) {
      const at = withSplitParts(e, parts);
      expect(resolveStages(at, { batch: 2, vocab: 4500 }, H200)).toEqual([{ grid: 2 * parts, block: 512, sharedBytes: 1024 + 16 * parts, cooperative: false, parts }]);
      expect(resolveWorkspaceBytes(at, { batch: 2, vocab: 4500 }, H200)).toBe(256 + 2 * (64 + 32 * parts));
      expect(splitRangeAt(at, { batch: 2, vocab: 4500 }, H200)).toEqual({ parts, min: 1, max: 132 });
    }
    // the original is untouched: the derived entry is a copy
    expect(resolveLaunch(e, { batch: 2, vocab: 4500 }, H200).parts).toBe(5);
  });

  it('a factor outside the supported range fails at bind time, naming the field and the range', () => {
    const at = withSplitParts(one(splitJson()), 133);
    expect(() => resolveLaunch(at, { batch: 2, vocab: 4500 }, H200)).toThrow(/'split_scan' launch\.split\.parts = 133 is outside the supported split factors \[1, 132\]/);
    expect(() => resolveWorkspaceBytes(at, { batch: 2, vocab: 4500 }, H200)).toThrow(/launch\.split\.parts = 133/);
    expect(resolveLaunch(at, { batch: 2, vocab: 4500 }, { multiprocessors: 200 }).grid).toBe(266);
    expect(() => withSplitParts(one(splitJson()), 0)).toThrow(/split factor must be a positive integer for 'split_scan', got 0/);
  });

  it('a manifest without a split behaves as before: no parts, no range, no factor to choose', () => {
    const e = one(splitJson(null));
    expect(e.launch.split).toBeUndefined();
    expect(resolveLaunch(e, { batch: 3, vocab: 10 })).toEqual({ grid: 3, block: 512, sharedBytes: 0, cooperative: false });
    expect(splitRangeAt(e, { batch: 3, vocab: 10 })).toBeNull();
    expect(() => withSplitParts(e, 2)).toThrow(/'split_scan' declares no launch\.split/);
  });
});

describe('launch.split in a pipeline', () => {
  /** A scan stage split over parts, then a one-block-per-row stage; the workspace is sized by the first stage's parts. */
  const pipeline = (): Json => {
    const e = splitJson();
    delete e.function;
    delete e.launch;
    e.params = [...(e.params as Json[]), { name: 'flags', type: 'i32*', role: 'out', shape: 'batch' }];
    e.outputs = { out: 'sums', flags: 'per row' };
    e.stages = [
      { function: 'scan', launch: { grid: 'batch * parts', block: 512, split: { parts: 'min(ceilDiv(vocab, 1000), 8)', max: 16 } }, args: ['input', 'out', 'batch', 'vocab', 'ws'] },
      { function: 'flag', launch: { grid: 'batch', block: 256 }, args: ['out', 'flags', 'batch', 'vocab'] },
    ];
    return e;
  };

  it('the workspace reads the first stage\'s factor; a derived entry sets it on every split stage', () => {
    const e = one(pipeline());
    expect(resolveStages(e, { batch: 2, vocab: 4500 }).map((l) => [l.grid, l.parts])).toEqual([[10, 5], [2, undefined]]);
    expect(resolveWorkspaceBytes(e, { batch: 2, vocab: 4500 })).toBe(256 + 2 * (64 + 32 * 5));
    const at = withSplitParts(e, 16);
    expect(resolveStages(at, { batch: 2, vocab: 4500 }).map((l) => l.grid)).toEqual([32, 2]);
    expect(splitRangeAt(at, { batch: 2, vocab: 4500 })).toEqual({ parts: 16, min: 1, max: 16 });
  });

  it('a workspace reading parts when the first stage does not split is refused', () => {
    const e = pipeline();
    const stages = e.stages as Json[];
    e.stages = [stages[1], { ...(stages[0] as Json), args: ['input', 'out', 'batch', 'vocab', 'ws', 'flags'] }];
    expect(() => one(e)).toThrow(/field 'workspaceBytes': 'parts' cannot be used here/);
  });
});

const cases: [string, (e: Json) => void, string, RegExp][] = [
  ['parts in the grid without a split', (e) => delete launchOf(e).split, 'launch.grid', /'parts' cannot be used here: only the grid, shared memory and workspace formula of a launch that declares 'split' read it/],
  ['parts in the workspace without a split', (e) => ((launchOf(e).grid = 'batch'), (launchOf(e).sharedBytes = 0), delete launchOf(e).split), 'workspaceBytes', /'parts' cannot be used here/],
  ['parts in the block rule', (e) => (launchOf(e).block = 'min(512, parts * 64)'), 'launch.block', /'parts' cannot be used in the block rule \(the split is evaluated after the block\)/],
  ['a split reading parts', (e) => (splitOf(e).max = 'parts + 1'), 'launch.split.max', /'parts' cannot be used in the split itself \(it defines parts\)/],
  ['a split without parts', (e) => delete splitOf(e).parts, 'launch.split.parts', /missing: the split factor of a normal launch/],
  ['a split without max', (e) => delete splitOf(e).max, 'launch.split.max', /missing: the largest split factor the kernel supports/],
  ['an unknown split field', (e) => (splitOf(e).factor = 2), 'launch.split.factor', /unknown field \(allowed: parts, min, max\)/],
  ['a grid that ignores the split', (e) => (launchOf(e).grid = 'batch * 4'), 'launch.grid', /must read 'parts'/],
  ['min 0', (e) => (splitOf(e).min = 0), 'launch.split.min', /at batch 1, vocab 1, multiprocessors 1: launch\.split\.min = 0; a row is split over at least 1 part/],
  ['max below min on a probe', (e) => (splitOf(e).min = 'min(vocab, 4)'), 'launch.split.max', /at batch 1, vocab 2, multiprocessors 1: launch\.split\.max = 1 is below launch\.split\.min = 2/],
  ['the launch factor above max on a probe', (e) => (splitOf(e).parts = 'ceilDiv(vocab, 1000)'), 'launch.split.parts', /at batch 1, vocab 32000, multiprocessors 1: launch\.split\.parts = 32 is outside the supported split factors \[1, 1\]/],
  ['a grid past 2^31 - 1 at the largest factor', (e) => ((splitOf(e).max = 'min(multiprocessors, 256) * 1000000'), (launchOf(e).sharedBytes = 0)), 'launch.grid', /at batch 64, vocab 1, multiprocessors 108, split factor 108000000: launch\.grid = 6912000000 is outside \[1, 2147483647\]/],
];

describe('launch.split: invalid declarations name the entry, the field and the problem', () => {
  it.each(cases)('%s', (_label, mutate, field, problem) => {
    const err = errorOf(mutate);
    expect(err.entry).toBe('split_scan');
    expect(err.field).toBe(field);
    expect(err.message).toMatch(problem);
  });
});

describe('the shipped split kernels', () => {
  const shipped = loadManifest(path.join(import.meta.dirname, '..', '..', 'kernels'));
  const byName = (name: string): ManifestEntry => shipped.entries.find((e) => e.name === name) as ManifestEntry;

  it('every kernel with a workspace splits its rows, and writes its split factor once', () => {
    const split = shipped.entries.filter((e) => e.launch.split !== undefined);
    expect(split.map((e) => e.name)).toEqual(shipped.entries.filter((e) => e.params.some((p) => p.role === 'workspace')).map((e) => e.name));
    for (const e of split) {
      expect(e.launch.grid, e.name).toBe('batch * parts');
      expect(String(e.workspaceBytes), e.name).toMatch(/^256 \+ batch \* \(64 \+ (32|544) \* parts\)$/);
    }
  });

  it('samplers support 1 to 256 parts; kernels whose parts wait for each other at most one per multiprocessor', () => {
    const shape = { batch: 1, vocab: 151936 };
    expect(splitRangeAt(byName('sampling_from_probs'), shape, H200)).toEqual({ parts: 64, min: 1, max: 256 });
    expect(splitRangeAt(byName('top_p_sampling_exact'), shape, H200)).toEqual({ parts: 16, min: 1, max: 256 });
    expect(splitRangeAt(byName('top_p_sampling_exact'), { batch: 64, vocab: 151936 }, H200)).toEqual({ parts: 12, min: 1, max: 256 });
    for (const name of ['softmax', 'inclusive_prefix_sum', 'sampling_from_logits']) {
      expect(splitRangeAt(byName(name), shape, H200), name).toEqual({ parts: 64, min: 1, max: 132 });
      expect(splitRangeAt(byName(name), shape, { multiprocessors: 20 }), name).toEqual({ parts: 20, min: 1, max: 20 });
    }
    expect(resolveWorkspaceBytes(byName('top_k_sampling_exact'), { batch: 14200, vocab: 151936 }, H200)).toBe(256 + 14200 * (64 + 544 * 12));
  });
});
