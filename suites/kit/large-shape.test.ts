import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFakeRunner } from '../../test/binding/fake-entry.ts';
import type { GpuRunner } from '../../harness/runner.ts';
import { resolveWorkspaceBytes } from '../../src/manifest/launch.ts';
import { rowUniforms } from '../../src/rng/index.ts';
import { referenceSample } from '../../src/reference/index.ts';
import { filterSpecOf } from './filter-of.ts';
import { boundaryRows, deviceBytesNeeded, downloadRows, LARGE_SHAPE, largeShapeEntries, memoryShortfall, MEMORY_HEADROOM_BYTES, OFFSET_LIMITS, referenceAtRows, rowsAt, typicalParams } from './large-shape.ts';
import { suiteManifest } from './manifest.ts';
import { callBytes } from './large-shape-suite.ts';
import { trapRunner } from './test-runners.ts';

describe('the large shape', () => {
  it('has more than 2^31 elements and checks rows on both sides of every 32-bit offset limit', () => {
    const { batch, vocab } = LARGE_SHAPE;
    expect(batch * vocab).toBeGreaterThan(2 ** 31);
    const rows = boundaryRows();
    expect(rows).toEqual([0, 3532, 3533, 3534, 7066, 7067, 7068, 14133, 14134, 14135, 14199]);
    for (const limit of OFFSET_LIMITS) {
      // a row wholly below the limit, the row holding it, a row wholly above
      expect(rows.some((r) => (r + 1) * vocab <= limit)).toBe(true);
      expect(rows.some((r) => r * vocab <= limit && limit < (r + 1) * vocab)).toBe(true);
      expect(rows.some((r) => r * vocab > limit)).toBe(true);
    }
  });

  it('needs the input plus the largest call; too little free memory is a skip note with both numbers', () => {
    const elements = LARGE_SHAPE.batch * LARGE_SHAPE.vocab;
    expect(deviceBytesNeeded([8, 4 * elements + 4 * LARGE_SHAPE.batch, 100])).toBe(8 * elements + 4 * LARGE_SHAPE.batch);
    expect(deviceBytesNeeded([])).toBe(4 * elements);
    const need = deviceBytesNeeded([4 * elements]);
    expect(memoryShortfall(need, need + MEMORY_HEADROOM_BYTES, 141 * 2 ** 30)).toBeNull();
    expect(memoryShortfall(need, 12 * 2 ** 30, 16 * 2 ** 30)).toBe(
      'not enough device memory for 14200 × 151936 fp32: needs 18.1 GiB free (buffers + 2.0 GiB headroom), 12.0 of 16.0 GiB free',
    );
  });

  it('each call\'s bytes as the binding plans them: token and valid for a sampler, the output and valid for a transform, and the workspace', () => {
    const { batch, vocab } = LARGE_SHAPE;
    const entries = largeShapeEntries(suiteManifest().entries);
    const runner = trapRunner();
    const bytes = callBytes(runner, entries);
    entries.forEach((e, i) =>
      expect(bytes[i], e.name).toBe((e.rng === null ? 4 * batch * vocab + 4 * batch : 8 * batch) + resolveWorkspaceBytes(e, LARGE_SHAPE, runner.info())),
    );
  });

  it('typical parameters make a filter spec for every entry of the directory', () => {
    expect.hasAssertions();
    for (const e of suiteManifest().entries) expect(() => filterSpecOf(e, typicalParams(e)), e.name).not.toThrow();
  });

  it('the reference at chosen rows uses each row\'s own Philox subsequence', () => {
    const block = { data: Float32Array.from({ length: 3 * 4 }, (_v, i) => [0.5, 0.25, 0.125, 0.125][i % 4] as number), batch: 3, vocab: 4 };
    const input = { block, blockRow: (r: number) => r % 3 };
    const rows = [0, 1, 2, 3, 4];
    const chosen = rowsAt(input, rows);
    expect(chosen.data.length).toBe(rows.length * 4);
    const entry = suiteManifest().entries.find((e) => e.name === 'sampling_from_probs');
    if (entry === undefined) throw new Error('no sampling_from_probs entry');
    const got = referenceAtRows(entry, chosen, rows, {}, 7n, 3n).map((m) => m.token);
    const want = referenceSample(chosen, { kind: 'none' }, rowUniforms(7n, 3n, rows.length)).map((m) => m.token);
    expect(got).toEqual(want);
    // and row 4 alone, asked for by its index, draws from subsequence 4, not 0
    expect(referenceAtRows(entry, rowsAt(input, [4]), [4], {}, 7n, 3n)[0]?.token).toBe(want[4]);
  });
});

describe('downloadRows (fake backend)', () => {
  let gpu: GpuRunner;
  beforeAll(async () => ({ gpu } = await openFakeRunner()));
  afterAll(async () => gpu.close());

  it('fetches the named rows of a device buffer through one staging buffer', async () => {
    const vocab = 3;
    const data = Float32Array.from({ length: 5 * vocab }, (_v, i) => i);
    const buffer = await gpu.upload(data);
    try {
      expect([...(await downloadRows(gpu, buffer, vocab, [4, 0, 2]))]).toEqual([12, 13, 14, 0, 1, 2, 6, 7, 8]);
    } finally {
      await gpu.free(buffer);
    }
  });
});
