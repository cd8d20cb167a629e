/**
 * A manifest entry for the fake backend's `fake_rank_pick` (harness/backends/fake.ts), shaped like a top-k sampling entry,
 * passed through the real manifest validator so the binding's tests use the format kernels/manifest.json uses.
 */
import path from 'node:path';
import { validateManifest } from '../../src/manifest/validate.ts';
import type { ManifestEntry } from '../../src/manifest/types.ts';
import type { ModuleHandle } from '../../harness/handles.ts';
import { GpuRunner } from '../../harness/runner.ts';

const I32_MAX = 2 ** 31 - 1;

export const FAKE_RANK_PICK_JSON = {
  name: 'fake_rank_pick',
  file: 'fake.hip',
  function: 'fake_rank_pick',
  family: 'topk',
  params: [
    { name: 'probs', type: 'f32*', role: 'in', shape: 'batch*vocab' },
    { name: 'token', type: 'i32*', role: 'out', shape: 'batch' },
    { name: 'valid', type: 'i32*', role: 'out', shape: 'batch' },
    { name: 'top_k_arr', type: 'i32*', role: 'per-row', shape: 'batch', nullable: true, range: [1, I32_MAX], fallback: 'top_k' },
    { name: 'top_k', type: 'i32', role: 'scalar', range: [1, I32_MAX] },
    { name: 'batch', type: 'i32', role: 'scalar', range: [1, I32_MAX] },
    { name: 'vocab', type: 'i32', role: 'scalar', range: [1, 2 ** 21] },
    { name: 'seed', type: 'u64', role: 'scalar' },
    { name: 'offset', type: 'u64', role: 'scalar' },
  ],
  launch: { grid: 'batch', block: 64, sharedBytes: 0 },
  reference: { op: 'sample', filter: 'top-k' },
  tiePolicy: 'exact',
  rng: { uniformsPerRow: 1, subsequence: 'row' },
  workspaceBytes: 0,
  outputs: { token: 'picked token per row', valid: '1 per row' },
} as const;

export function fakeRankPickEntry(): ManifestEntry {
  const m = validateManifest({ version: 1, entries: [FAKE_RANK_PICK_JSON] }, { file: 'fake-manifest.json', dir: '/fake', fileExists: () => true });
  return m.entries[0] as ManifestEntry;
}

/** Rows of distinct probabilities: `order[r]` is row r's indices by descending probability, so a picked rank is checkable. */
export const FAKE_ROWS = {
  batch: 3,
  vocab: 5,
  probs: new Float32Array([0.1, 0.4, 0.2, 0.25, 0.05, 0.5, 0.1, 0.15, 0.05, 0.2, 0.05, 0.05, 0.1, 0.3, 0.5]),
  order: [
    [1, 3, 2, 0, 4],
    [0, 4, 2, 1, 3],
    [4, 3, 2, 0, 1],
  ],
} as const;

/** A fake-backend runner and a module to launch fake_rank_pick (and the fake `hang`) from; the binary is ignored. */
export async function openFakeRunner(): Promise<{ gpu: GpuRunner; module: ModuleHandle }> {
  const gpu = await GpuRunner.open({ backend: 'fake' });
  const module = await gpu.compile({ source: path.join(import.meta.dirname, '..', '..', 'harness', 'test-kernels', 'saxpy.hip'), name: 'fake' });
  return { gpu, module };
}
