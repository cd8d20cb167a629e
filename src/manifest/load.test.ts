import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveLaunch, uniformsPerRowAt } from './launch.ts';
import { loadManifest } from './load.ts';
import { ManifestError } from './manifest-error.ts';
import type { ManifestEntry } from './types.ts';

const KERNELS = resolve(import.meta.dirname, '../../kernels');

const uncommented = (source: string): string => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

/** Function-like macros whose body defines a kernel (SAMPLING_KERNEL), in `source`. */
function kernelMacrosOf(source: string): string[] {
  const defines = [...uncommented(source).matchAll(/^#define\s+(\w+)\((?:[^\n]*\\\n)*[^\n]*$/gm)];
  return defines.filter((d) => d[0].includes('SAMPLING_KERNEL')).map((d) => d[1] as string);
}

/** Kernel-defining macros of the shared headers (kernels/include), which entry files instantiate. */
const HEADER_KERNEL_MACROS = readdirSync(join(KERNELS, 'include'))
  .filter((f) => f.endsWith('.h'))
  .flatMap((f) => kernelMacrosOf(readFileSync(join(KERNELS, 'include', f), 'utf8')));

/** Entry points a .hip source defines: direct SAMPLING_KERNEL definitions and instantiations of macros
 *  whose body defines one (the file's own or the shared headers'). Comments and the macro bodies themselves are
 *  excluded. */
function definedEntryPoints(source: string): Set<string> {
  const code = uncommented(source);
  const kernelMacros = [...kernelMacrosOf(source), ...HEADER_KERNEL_MACROS];
  const body = code.replace(/^#define(?:[^\n]*\\\n)*[^\n]*$/gm, '');
  const names = new Set<string>();
  for (const m of body.matchAll(/SAMPLING_KERNEL(?:_OCCUPANCY)?\([\w\s,]+\)\s*(\w+)\s*\(/g)) names.add(m[1] as string);
  for (const macro of kernelMacros) {
    for (const m of body.matchAll(new RegExp(`\\b${macro}\\(\\s*(\\w+)\\s*,`, 'g'))) names.add(m[1] as string);
  }
  return names;
}

const temps: string[] = [];
function tempDir(manifest: unknown, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
  temps.push(dir);
  writeFileSync(join(dir, 'manifest.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the shipped kernels/manifest.json', () => {
  const manifest = loadManifest(KERNELS);

  it('loads and validates', () => {
    expect(manifest.entries.length).toBeGreaterThanOrEqual(20);
    expect(manifest.dir).toBe(KERNELS);
  });

  it('names only functions that exist in their files, and every entry point of those files', () => {
    const files = [...new Set(manifest.entries.map((e) => e.file))];
    for (const file of files) {
      const defined = definedEntryPoints(readFileSync(join(KERNELS, file), 'utf8'));
      const declared = new Set(manifest.entries.filter((e) => e.file === file).map((e) => e.function));
      expect([...declared].filter((f) => !defined.has(f)), `${file}: declared but not defined`).toEqual([]);
      expect([...defined].filter((f) => !declared.has(f)), `${file}: defined but not declared`).toEqual([]);
    }
  });

  it('declares both tie policies for every tie-sensitive filter kernel', () => {
    const policyFamilies = manifest.entries.filter((e) => ['topk', 'topp', 'fused', 'renorm'].includes(e.family));
    const groups = new Map<string, Set<string | null>>();
    for (const e of policyFamilies) {
      const key = JSON.stringify([e.family, e.reference, e.file]);
      groups.set(key, (groups.get(key) ?? new Set()).add(e.tiePolicy));
    }
    for (const [key, policies] of groups) expect([...policies].sort(), key).toEqual(['exact', 'ties-kept']);
  });

  it('gives every sampling entry token/valid outputs, seed/offset and one uniform per row', () => {
    for (const e of manifest.entries.filter((x) => x.reference.op === 'sample' || x.reference.op === 'sample-logits')) {
      expect(e.rng, e.name).toEqual({ mode: 'philox-replay', uniformsPerRow: 1, subsequence: 'row' });
      const names = e.params.map((p) => p.name);
      expect(names, e.name).toEqual(expect.arrayContaining(['token', 'valid', 'seed', 'offset']));
      // Rows split over `parts` blocks (kernels/README.md, ABI): grid = batch · parts, 64 KiB of shared memory.
      const launch = resolveLaunch(e, { batch: 5, vocab: 32000 }, { multiprocessors: 132 });
      expect(launch.grid % 5, e.name).toBe(0);
      expect(launch.grid / 5, e.name).toBeGreaterThanOrEqual(1);
      expect(launch.grid / 5, e.name).toBeLessThanOrEqual(256);
      expect([256, 512], e.name).toContain(launch.block);
      expect([launch.sharedBytes, launch.cooperative], e.name).toEqual([65536, false]);
    }
  });
  it('declares the speculative sampler: its buffers by role, draft + 1 uniforms per row, a launch per row', () => {
    const e = manifest.entries.find((x) => x.reference.op === 'chain-speculative');
    expect(e?.speculative).toEqual({
      draftProbs: 'draft_probs',
      draftTokens: 'draft_token_ids',
      targetProbs: 'target_probs',
      tokens: 'output_token_ids',
      accepted: 'output_accepted_token_num',
      emitted: 'output_emitted_draft_token_num',
    });
    expect(e?.rng).toEqual({ mode: 'philox-replay', uniformsPerRow: 'draft + 1', subsequence: 'row' });
    expect(uniformsPerRowAt(e as ManifestEntry, { batch: 64, vocab: 151936, draft: 4 })).toBe(5);
    expect(resolveLaunch(e as ManifestEntry, { batch: 64, vocab: 151936, draft: 4 })).toEqual({ grid: 64, block: 512, sharedBytes: 0, cooperative: false });
    expect(() => resolveLaunch(e as ManifestEntry, { batch: 64, vocab: 151936 })).toThrow(/draft must be an integer in \[1, 256\] for 'chain_speculative_sampling' \(draft tokens per row\), got undefined/);
  });
  it('means what it meant before the contract fields existed: flagged invalid rows, token/valid by name, one launch each', () => {
    for (const e of manifest.entries) {
      const sampler = e.reference.op === 'sample' || e.reference.op === 'sample-logits';
      expect([e.tokenOutput, e.validOutput, e.invalidRows], e.name).toEqual([sampler ? 'token' : null, 'valid', 'flag']);
      // the speculative sampler's guarantee (output distributed as the target) holds for normalized rows only
      expect(e.assumes, e.name).toEqual({ normalized: e.reference.op === 'chain-speculative' });
      expect(e.launch.cooperative, e.name).toBe(false);
      expect(e.stages, e.name).toEqual([{ function: e.function, launch: e.launch, args: e.params.map((p) => p.name) }]);
      expect(e.intermediates, e.name).toEqual([]);
      expect(e.tiePolicy === null || e.tiePolicy === 'exact' || e.tiePolicy === 'ties-kept', e.name).toBe(true);
      if (e.reference.op === 'prefix-sum') expect(e.reference.scan, e.name).toBe('inclusive');
    }
  });
});

describe('loadManifest on a user directory', () => {
  const good = JSON.parse(readFileSync(join(KERNELS, 'manifest.json'), 'utf8')) as { entries: Array<Record<string, unknown>> };
  const one = { version: 1, entries: [{ ...good.entries[0], file: 'mine.hip' }] };

  it('loads a manifest whose files exist', () => {
    const m = loadManifest(tempDir(one, { 'mine.hip': '// kernel' }));
    expect(m.entries[0]?.file).toBe('mine.hip');
  });

  it('reports a missing file, a missing manifest and invalid JSON', () => {
    expect(() => loadManifest(tempDir(one))).toThrow(/field 'file': 'mine.hip' does not exist/);
    const empty = mkdtempSync(join(tmpdir(), 'manifest-'));
    temps.push(empty);
    expect(() => loadManifest(empty)).toThrow(/manifest file not found/);
    expect(() => loadManifest(tempDir('{ "version": 1, '))).toThrow(ManifestError);
    expect(() => loadManifest(tempDir('{ "version": 1, '))).toThrow(/not valid JSON/);
  });

  it('rejects a non-string directory argument', () => {
    expect(() => loadManifest('')).toThrow(TypeError);
  });
});
