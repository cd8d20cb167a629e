/**
 * The transform suite's manifest test checks what its title says: a launch for every FlashInfer shape. Shown on a
 * deliberately broken kernel directory (a copy of kernels/ whose softmax declares vocab ≤ 65536), which the old
 * test — it only checked `rng` — passed.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest, type ManifestEntry } from '../../src/manifest/index.ts';
import { KERNEL_DIR } from './kernel-dir.ts';
import { TRANSFORM_SHAPES, transformManifestProblems } from './transform-suite.ts';

interface RawManifest {
  entries: { name: string; file: string; rng: unknown; params: { name: string; range?: number[] }[] }[];
}

/** A copy of the kernel directory's manifest (sources copied too: the loader checks they exist), edited. */
function brokenKernelDir(edit: (m: RawManifest) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'sampling-broken-manifest-'));
  const manifest = JSON.parse(readFileSync(join(KERNEL_DIR, 'manifest.json'), 'utf8')) as RawManifest;
  for (const file of new Set(manifest.entries.map((e) => e.file))) copyFileSync(join(KERNEL_DIR, file), join(dir, file));
  edit(manifest);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

const entry = (dir: string, name: string): ManifestEntry => {
  const found = loadManifest(dir).entries.find((e) => e.name === name);
  if (found === undefined) throw new Error(`no entry ${name} in ${dir}`);
  return found;
};

describe('transformManifestProblems', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('the shipped transforms launch at every FlashInfer shape and draw no random numbers', () => {
    const transforms = loadManifest(KERNEL_DIR).entries.filter((e) => e.rng === null);
    expect(transforms.length).toBeGreaterThan(0);
    expect(transformManifestProblems(transforms)).toEqual([]);
  });

  it('names every FlashInfer shape a transform cannot launch at (the old rng-only check passed this entry)', () => {
    const dir = brokenKernelDir((m) => {
      const vocab = m.entries.find((e) => e.name === 'softmax')?.params.find((p) => p.name === 'vocab');
      if (vocab === undefined) throw new Error('softmax has no vocab parameter');
      vocab.range = [1, 65536];
    });
    dirs.push(dir);
    const softmax = entry(dir, 'softmax');
    expect(softmax.rng).toBeNull(); // all the old test looked at
    const problems = transformManifestProblems([softmax]);
    expect(problems).toEqual([1, 99, 989].map((b) => `softmax ${b}×128256: no launch (vocab must be an integer in [1, 65536] for 'softmax', got 128256)`));
    expect(TRANSFORM_SHAPES).toHaveLength(9);
  });

  it('names an entry that declares randomness (a sampler is no transform)', () => {
    expect(transformManifestProblems([entry(KERNEL_DIR, 'sampling_from_probs')])).toEqual([expect.stringMatching(/^sampling_from_probs: declares rng .* but a row transform draws no random numbers$/)]);
  });

  it('a launch rule reading the device\'s multiprocessor count is a launch (evaluated for every probed device size)', () => {
    const softmax = entry(KERNEL_DIR, 'softmax');
    expect(transformManifestProblems([{ ...softmax, launch: { ...softmax.launch, grid: 'max(batch, multiprocessors)' } }])).toEqual([]);
    expect(transformManifestProblems([{ ...softmax, launch: { ...softmax.launch, grid: 'multiprocessors - 108' } }], [{ batch: 1, vocab: 111 }])).toEqual([
      expect.stringMatching(/^softmax 1×111: no launch \('softmax' launch\.grid .*-107/),
    ]);
  });
});
